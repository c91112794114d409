import type { App, Plugin } from 'vue';
import {
  getDefaultClient,
  startSession,
  type InitOptions,
  type MilanaClient,
  type Result,
  type SessionInfo,
} from '@milana-js/core';
import { MilanaInjectionKey, type MilanaInjection } from './injection';

/** Options of `app.use(MilanaPlugin, options)`. */
export interface MilanaPluginOptions {
  productId: string;
  clientKey: string;
  sessionInfo: SessionInfo;
  options?: InitOptions;
  /** Wait for `useMilana().initialize()` instead of starting when the app mounts (e.g. until consent). */
  shouldDeferInitialization?: boolean;
  /** The client to use; the page's default client (shared with `milana-js`) when omitted. */
  client?: MilanaClient;
}

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
 *   .use(MilanaPlugin, { productId: 'prd_…', clientKey: 'key_…', sessionInfo: { environment: 'prod', version: '1.4.0' } })
 *   .mount('#app');
 */
export const MilanaPlugin: Plugin<[MilanaPluginOptions]> = {
  install(app, pluginOptions) {
    const valid = typeof pluginOptions === 'object' && pluginOptions !== null;
    if (!valid)
      console.warn(
        'Milana: MilanaPlugin: options must be an object with productId, clientKey and sessionInfo; no session will start.',
      );
    const config = valid ? { ...pluginOptions } : undefined; // a copy: later edits to the object are ignored
    const client = config?.client ?? getDefaultClient();
    let unmounted = false;
    const injection: MilanaInjection = {
      client,
      // The app that owned this configuration is gone after unmount: a stale call starts nothing.
      initialize: (): Promise<Result> =>
        config && !unmounted
          ? startSession({ ...config, client, callerType: 'core' })
          : Promise.resolve({ success: false }),
    };
    app.provide(MilanaInjectionKey, injection);

    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with `app` as `this` below
    const mount = app.mount;
    app.mount = (...args: Parameters<App['mount']>) => {
      const root = mount.apply(app, args);
      if (config && !config.shouldDeferInitialization) void injection.initialize();
      return root;
    };
    onAppUnmount(app, () => {
      unmounted = true;
    });
  },
};
