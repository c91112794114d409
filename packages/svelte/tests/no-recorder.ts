// Stands in for `@milana-js/recorder` in this package's tests. The tests inject a fake recorder
// (or answer `sampled: false`), so the real one must never load; resolving the core's lazy
// `import('@milana-js/recorder')` here keeps the bindings' tests independent of the recorder build.
export function startRecorder(): never {
  throw new Error('the real recorder was loaded by a bindings test');
}
export function startCrossOriginIframeRecorder(): never {
  throw new Error('the real recorder was loaded by a bindings test');
}
