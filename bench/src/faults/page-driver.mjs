/**
 * Runs in the faults-benchmark page, bundled with one SDK (`milana-js` or milana-js 1.0.16, which
 * share the API). Exposes `window.__faults` to the Playwright driver: the SDK calls, and a DOM
 * mutation source whose every mutation carries a unique marker `MK<n>;`, so the bench can count
 * which mutations reached the server whatever the recorder's event format.
 */

/** Newest marked nodes kept in the DOM: a later full snapshot only repeats these few markers. */
const LIVE_NODES = 20;

/** The call's result, or its error as text: the driver never rejects. */
const settle = (call) =>
  Promise.resolve()
    .then(call)
    .then((r) => r ?? null, String);

export function installDriver(sdk) {
  const cfg = JSON.parse(document.getElementById('faults-config').textContent);
  // Marker numbers continue across the pages of one tab (multi-page scenario).
  let next = Number(sessionStorage.getItem('faults_next_marker') ?? 1);
  let timer = null;
  const live = [];

  // A node added and removed in the same task never reaches a MutationObserver record, so a
  // burst keeps its nodes; later mutations trim the feed back to LIVE_NODES.
  const mutate = (chars, trim = true) => {
    const feed = document.getElementById('feed');
    const node = document.createElement('div');
    const n = next++;
    sessionStorage.setItem('faults_next_marker', String(next));
    node.textContent = `MK${n};${'x'.repeat(Math.max(0, chars - 8))}`;
    feed.appendChild(node);
    live.push(node);
    while (trim && live.length > LIVE_NODES) live.shift().remove();
    return n;
  };

  window.__faults = {
    first: next,
    generated: () => next - 1,
    init: () =>
      settle(() =>
        sdk.init(
          'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC',
          'key_pub_bench',
          { environment: 'bench', version: '1.0.0' },
          { endpoint: cfg.endpoint },
        ),
      ),
    identify: () =>
      settle(() => sdk.identify({ userId: 'u_1042', email: 'dana@example.org', name: 'Dana K.' })),
    /** identify() without waiting for its answer (it may wait for a session). */
    identifyLater: () => {
      window.__faults.identified = window.__faults.identify();
    },
    updateUser: () =>
      settle(() => sdk.updateUser({ userId: 'u_1042', metadata: { plan: 'team' } })),
    /** `perSecond` mutations a second, each about `chars` long, until `stop()`. */
    start(perSecond, chars) {
      clearInterval(timer);
      timer = setInterval(() => mutate(chars), 1000 / perSecond);
    },
    stop() {
      clearInterval(timer);
      timer = null;
    },
    /** `totalChars` of mutations in 1,000-char steps, in one task. */
    burst(totalChars) {
      for (let done = 0; done < totalChars; done += 1000) mutate(1000, false);
    },
    setHidden(hidden) {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => (hidden ? 'hidden' : 'visible'),
      });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event('visibilitychange'));
    },
  };
}
