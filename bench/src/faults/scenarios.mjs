/**
 * The scenarios of issue 17, point 2. Durations are in seconds times `scale.outage` (outages)
 * or as given (warm-up and the time left for recovery, which must cover the 60 s retry cadence).
 * Each `run(t)` drives every SDK page at once through the same timeline; `t` offers:
 * `all(fn)` (run `fn(page)` on every page), `sleep(s)`, `outage(on)` (dev server fault injection:
 * every ingest request fails), `faults(patch)`, `block(path)`/`unblock(path)` (one endpoint,
 * at the bench proxy), `restartNextBatch()`, `mark(name)` (timeline marks for the figures).
 */

const call =
  (name, ...args) =>
  (page) =>
    page.evaluate(([n, a]) => window.__faults[n](...a), [name, args]);

/** Start recording with identity, mutations on, then a warm-up so the first batch went out. */
async function begin(t, perSecond, chars, warmS = 15) {
  await t.all(call('init'));
  await t.all(call('identify'));
  await t.all(call('start', perSecond, chars));
  await t.sleep(warmS);
}

/** Wait for recovery: until every page's backlog is stored, at most `maxS` seconds. */
async function recover(t, maxS) {
  await t.waitDelivered(maxS);
  await t.all(call('stop'));
  // The last mutations go with the next periodic send: up to 10 s after the start of the last
  // successful send, on a 10 s tick, so up to 20 s.
  await t.sleep(25);
}

export function scenarios(scale) {
  const o = (s) => Math.max(20, Math.round(s * scale.outage));
  return [
    {
      id: 'busy-outage',
      title: `${o(150)} s outage on a busy page (10 mutations/s of ~6,000 chars)`,
      outageS: o(150),
      async run(t) {
        await begin(t, 10, 6000);
        await t.outage(true);
        await t.sleep(o(150));
        await t.outage(false);
        await recover(t, 150);
      },
    },
    {
      id: 'light-long-outage',
      title: `${o(600) / 60} min outage on a light page (1 mutation/s of ~300 chars)`,
      outageS: o(600),
      async run(t) {
        await begin(t, 1, 300);
        await t.outage(true);
        await t.sleep(o(600));
        await t.outage(false);
        await recover(t, 150);
      },
    },
    {
      id: 'flaky',
      title: `flaky network for ${o(120)} s: 30 % dropped connections, 2 s latency`,
      outageS: o(120),
      async run(t) {
        await begin(t, 2, 1000);
        t.mark('outageStart');
        await t.faults({ dropRate: 0.3, latencyMs: 2000 });
        await t.sleep(o(120));
        await t.faults({ dropRate: 0, latencyMs: 0 });
        t.mark('outageEnd');
        await recover(t, 150);
      },
    },
    {
      id: 'update-outage',
      title: 'identify() + updateUser() during a 20 s /update outage',
      outageS: 20,
      async run(t) {
        await t.all(call('init'));
        await t.all(call('start', 1, 300));
        await t.sleep(10);
        t.block('/update');
        t.mark('outageStart');
        await t.all((p) => Promise.all([call('identify')(p), call('updateUser')(p)]));
        await t.sleep(20);
        t.unblock('/update');
        t.mark('outageEnd');
        await recover(t, 120);
      },
    },
    {
      id: 'session-outage',
      title: 'init during a 20 s /session outage',
      outageS: 20,
      async run(t) {
        t.block('/session');
        t.mark('outageStart');
        await t.all(call('init'));
        // Without a session the call waits in the queue (up to 5 minutes): not awaited here.
        await t.all(call('identifyLater'));
        await t.all(call('start', 1, 300));
        await t.sleep(20);
        t.unblock('/session');
        t.mark('outageEnd');
        await recover(t, 120);
      },
    },
    {
      id: 'restart-session-fails',
      title: 'a server-driven restart whose /session fails for 40 s',
      outageS: 40,
      async run(t) {
        await begin(t, 1, 300);
        t.block('/session');
        t.restartNextBatch();
        t.mark('outageStart');
        await t.sleep(40);
        t.unblock('/session');
        t.mark('outageEnd');
        await recover(t, 120);
      },
    },
    {
      id: 'multi-page',
      title: 'a navigation 200 ms after a 100 KB burst',
      outageS: 0,
      async run(t) {
        await begin(t, 2, 500, 12);
        t.mark('outageStart');
        await t.all(async (page) => {
          await call('burst', 100_000)(page);
          await new Promise((r) => setTimeout(r, 200));
          await page.goto(page.url());
          await call('init')(page);
          await call('start', 2, 500)(page);
        });
        t.mark('outageEnd');
        await recover(t, 60);
      },
    },
    {
      id: 'hidden-during-outage',
      title: 'the tab hidden during a 40 s outage, visible again after it',
      outageS: 40,
      async run(t) {
        await begin(t, 2, 1000);
        await t.outage(true);
        await t.sleep(10);
        await t.all(call('setHidden', true));
        await t.sleep(30);
        await t.outage(false);
        await t.sleep(10);
        await t.all(call('setHidden', false));
        await recover(t, 120);
      },
    },
    {
      id: 'closed-during-outage',
      title: 'the tab hidden and closed during an outage (loss expected)',
      outageS: 30,
      closes: true,
      async run(t) {
        await begin(t, 2, 1000);
        await t.outage(true);
        await t.sleep(10);
        await t.all(call('setHidden', true));
        await t.all(async (page) => {
          await t.snapshotGenerated(page);
          await page.close({ runBeforeUnload: true });
        });
        await t.sleep(20);
        await t.outage(false);
        await t.sleep(20);
      },
    },
  ];
}
