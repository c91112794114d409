import type { Logger } from './log';
import type { Identity } from './merge';
import type { IntegrationsLoader, IntegrationsModule } from './integrations-link';
import type { ResolvedInitOptions } from './init-options';
import { unrefTimer } from './timers';

/** The warm-up re-check after the first integration detection (§7.7). */
export const INTEGRATIONS_WARMUP_MS = 5_000;
/** The steady integration polling period (§7.7). */
export const INTEGRATIONS_PERIOD_MS = 30_000;

/** The integration detector (§7.7), from the lazily loaded detection module. */
type Detect = IntegrationsModule['detectIntegrations'];

/** The integrations to auto-detect (init option `integrations`). */
export type IntegrationKinds = ResolvedInitOptions['integrations'];

/** What a session drives; see {@link createIntegrationPoller}. */
export type IntegrationPoller = ReturnType<typeof createIntegrationPoller>;

/**
 * Integration auto-detect (§7.7): the detection module is fetched on first use only (once per
 * client), then a run at once, 5 s later and every 30 s. The schedule survives server-driven
 * restarts (a run is skipped while no session is ready); `_stop` ends it. What a run finds goes
 * to `submit`, the identity batcher, so it is deduped like any call. Nothing throws or rejects.
 */
export function createIntegrationPoller(
  log: Logger,
  load: IntegrationsLoader,
  ready: () => boolean,
  submit: (halves: Identity) => void,
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether polling is wanted: from a ready session asking for it until `_stop`. */
  let on = false;
  let kinds: IntegrationKinds = [];
  /** The detector, loaded once per client (void when the module could not be loaded). */
  let detector: Promise<Detect | void> | undefined;

  function poll(detect: Detect, ms: number): void {
    timer = setTimeout(() => poll(detect, INTEGRATIONS_PERIOD_MS), ms);
    unrefTimer(timer);
    const found = ready() && detect(kinds);
    if (found) submit({ session: { integrations: found } });
  }

  return {
    /** Starts polling for `wanted` unless it runs (or waits for its module) already. */
    _start(wanted: IntegrationKinds): void {
      if (on || !wanted.length) return;
      on = true;
      kinds = wanted;
      // A failed import, a loader that throws and a module without the function are one case: no
      // detector, one line. The loader runs inside `then` so even a synchronous throw lands here.
      void (detector ||= Promise.resolve()
        .then(load)
        .then((mod) => mod.detectIntegrations || Promise.reject(TypeError('no detectIntegrations')))
        .catch((error: unknown) =>
          log.info('integrations: the detection code could not be loaded; no auto-detect', error),
        )).then((detect) => {
        // Stopped while loading, or a later start's wait already began the schedule.
        if (detect && on && !timer) poll(detect, INTEGRATIONS_WARMUP_MS);
      });
    },

    _stop: (): void => {
      clearTimeout(timer);
      timer = undefined;
      on = false;
    },
  };
}
