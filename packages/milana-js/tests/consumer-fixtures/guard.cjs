// Preloaded with `node --require ./guard.cjs`: turns the browser globals into getters that note
// every read made directly by milana code (a frame under node_modules/milana-js or
// node_modules/@milana-js). `typeof window` is such a read too. Reads by UI frameworks (Vue reads
// `document` when it loads) are not ours and are not counted.
'use strict';
const NAMES = [
  'window',
  'document',
  'navigator',
  'location',
  'history',
  'screen',
  'self',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'HTMLElement',
  'MutationObserver',
  'XMLHttpRequest',
  'requestAnimationFrame',
  'requestIdleCallback',
];
const OURS = /[\\/]node_modules[\\/](?:milana-js|@milana-js[\\/][^\\/]+)[\\/]/;
const guard = { armed: true, touched: [] };
Object.defineProperty(globalThis, '__milanaGuard', { value: guard });
for (const name of NAMES) {
  const original = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      if (guard.armed) {
        // Frame 0 is "Error", frame 1 this getter, frame 2 the code that read the global.
        const reader = (String(new Error().stack).split('\n')[2] || '').trim().replace(/^at /, '');
        if (OURS.test(reader)) guard.touched.push(`${name} read at ${reader}`);
      }
      if (!original) return undefined;
      return original.get ? original.get.call(globalThis) : original.value;
    },
  });
}
