import { createApp, version } from 'vue';
import { describe, expect, it } from 'vitest';

// Guards the version matrix in vitest.config.ts: without it, a broken alias would silently run
// the "3.3" project on Vue 3.5 and the fallback for apps without `onUnmount` would go untested.
describe('the Vue version under test', () => {
  it('is the one this project was configured for', () => {
    expect(version.startsWith(`${process.env.MILANA_VUE_VERSION}.`)).toBe(true);
  });

  it('has app.onUnmount only from Vue 3.5, so both unmount paths of the plugin run', () => {
    const app = createApp({ render: () => null });
    expect(typeof (app as { onUnmount?: unknown }).onUnmount).toBe(
      process.env.MILANA_VUE_VERSION === '3.3' ? 'undefined' : 'function',
    );
  });
});
