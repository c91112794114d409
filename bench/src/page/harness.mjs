/**
 * Runs in the benchmark page, bundled together with one scenario module. Exposes
 * `window.__bench` for the Playwright driver. The page's inline script set `window.__t0` (script
 * start) and `window.__benchConfig` before this bundle loaded.
 */

/** Starts `adapter.init` at once and records how long from script start until it settled. */
export function install(adapter) {
  const cfg = window.__benchConfig;
  const bench = { initMs: null, initError: null };
  bench.ready = Promise.resolve()
    .then(() => adapter.init(cfg))
    .then(
      () => {
        bench.initMs = performance.now() - window.__t0;
      },
      (error) => {
        bench.initError = String(error);
      },
    );
  bench.identityPhase = () => identityPhase(adapter);
  bench.mutate = mutate;
  window.__bench = bench;
}

/**
 * One identify and 100 metadata updates, issued back to back like an app would after sign-in.
 * `syncMs` is the time the calls held the main thread before returning; the promises (for SDKs
 * that return them) are then awaited.
 */
async function identityPhase(adapter) {
  const start = performance.now();
  const pending = [adapter.identify()];
  for (let i = 0; i < 100; i += 1) pending.push(adapter.updateMeta(i));
  const syncMs = performance.now() - start;
  const settled = await Promise.allSettled(pending);
  const rejected = settled.filter((s) => s.status === 'rejected').length;
  // SDKs whose calls resolve { success } say whether each call did its job.
  const unsuccessful = settled.filter(
    (s) => s.status === 'fulfilled' && s.value?.success === false,
  ).length;
  return { start, syncMs, settledMs: performance.now() - start, rejected, unsuccessful };
}

/**
 * 5,000 DOM mutations in one task (2,000 inserts, 1,000 text changes, 1,000 attribute changes,
 * 1,000 removals), like a single-page app rendering a big view at once. In smaller bursts (10 x
 * 500, 5 x 1,000) no SDK produced a long task on the bench machine, so total blocking time could
 * not tell them apart; in one burst the recorder's work lands in the same long task as the
 * mutations (rrweb-style recorders handle MutationObserver records right away) or in the tasks
 * after it, and both count.
 */
async function mutate({ tasks = 1, perTask = 5000, gapMs = 50 } = {}) {
  const list = document.getElementById('feed');
  const live = [];
  let made = 0;
  let serial = 0;
  const start = performance.now();
  for (let t = 0; t < tasks; t += 1) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    for (let k = 0; k < perTask; k += 1) {
      const slot = k % 5;
      if (slot < 2 || live.length < 4) {
        const li = document.createElement('li');
        li.className = 'row';
        li.textContent = `item ${serial} of the feed, with some text to record`;
        serial += 1;
        list.appendChild(li);
        live.push(li);
      } else if (slot === 2) {
        live[(k * 7) % live.length].firstChild.data = `item edited in task ${t}, step ${k}`;
      } else if (slot === 3) {
        live[(k * 13) % live.length].setAttribute('data-state', `s${t}-${k}`);
      } else {
        live.shift().remove();
      }
      made += 1;
    }
  }
  return { start, end: performance.now(), made };
}
