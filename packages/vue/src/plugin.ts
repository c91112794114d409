import type { App, Plugin } from 'vue';
import { createBinding, type BindingConfig, type Result } from '@milana-js/core';
import { MilanaInjectionKey, type MilanaInjection } from './injection';

/** Options of `app.use(MilanaPlugin, options)`. */
export type MilanaPluginOptions = BindingConfig;

function onAppUnmount(app: App, cleanup: () => void): void {
  if (typeof app.onUnmount === 'function') return app.onUnmount(cleanup);
  // Vue 3.3 and 3.4 have no onUnmount.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with `app` as `this` below
  const unmount = app.unmount;
  app.unmount = () => {
    unmount.call(app);
    cleanup();
  };
}

/**
 * Provides Milana to a Vue app and starts the session once, right after `app.mount()`. Server
 * rendering (`renderToString`) never mounts, so Nuxt and Vite SSR servers start nothing.
 *
 * @example
 * createApp(App)
 *   .use(MilanaPlugin, { productId: 'prd_…', clientKey: 'key_…', sessionInfo: { environment: 'prod', version: '1.4.0' }, consent: 'pending' })
 *   .mount('#app');
 */
export const MilanaPlugin: Plugin<[MilanaPluginOptions]> = {
  install(app, pluginOptions) {
    const binding = createBinding(pluginOptions, 'core', 'MilanaPlugin: options');
    let unmounted = false;
    const injection: MilanaInjection = {
      client: binding.client,
      // The app that owned this configuration is gone after unmount: a stale call starts nothing.
      initialize: (): Promise<Result> =>
        unmounted ? Promise.resolve({ success: false }) : binding.initialize(),
    };
    app.provide(MilanaInjectionKey, injection);

    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with `app` as `this` below
    const mount = app.mount;
    app.mount = (...args: Parameters<App['mount']>) => {
      const root = mount.apply(app, args);
      if (binding.autoStart) void injection.initialize();
      return root;
    };
    onAppUnmount(app, () => {
      unmounted = true;
    });
  },
};
