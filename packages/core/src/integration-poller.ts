import type { Logger } from './log';
import type { Identity } from './merge';
import type { IntegrationsLoader, IntegrationsModule } from './integrations-link';
import { guard } from './env';
import type { ResolvedInitOptions } from './init-options';

/** The integrations to auto-detect (init option `integrations`). */
export type IntegrationKinds = ResolvedInitOptions['integrations'];

/** The module's schedule. */
type Poll = IntegrationsModule['pollIntegrations'];
/** A schedule being started: resolves its stop (nothing when it did not start). */
type Running = Promise<(() => void) | false | void>;

/** What a session drives; see {@link createIntegrationPoller}. */
export type IntegrationPoller = ReturnType<typeof createIntegrationPoller>;

/**
 * Integration auto-detect (§7.7), the core's side: the detection module, which owns the schedule
 * (`pollIntegrations`), is fetched when a ready session asks for it, and its schedule runs until
 * `_stop`. It survives server-driven restarts (the module skips a run while no session is ready);
 * a start while one runs or loads is a no-op. A failed import, a loader that throws and a module
 * without the function are one case: one info line, no auto-detect. Nothing throws or rejects.
 */
export function createIntegrationPoller(
  log: Logger,
  load: IntegrationsLoader,
  ready: () => boolean,
  submit: (halves: Identity) => void,
) {
  /**
   * The module's `pollIntegrations`, loaded once per client; void when it could not be had (the
   * one line is logged then). The loader runs inside `then`, so even a synchronous throw lands in
   * `catch`; `bind` throws there too for a module without the function.
   */
  let poll: Promise<Poll | void> | undefined;
  /** The running schedule: its stop, once the module is there; unset when stopped. */
  let running: Running | undefined;

  return {
    /** Starts polling for `wanted` unless it runs (or waits for its module) already. */
    _start(wanted: IntegrationKinds): void {
      if (running || !wanted.length) return;
      poll ||= Promise.resolve()
        .then(load)
        .then((mod) => mod.pollIntegrations.bind(mod))
        .catch((error: unknown) =>
          log.info('integrations: the detection code could not be loaded; no auto-detect', error),
        );
      // A stop (or a stop and a new start) while the module loads: this schedule must not begin.
      const mine: Running = (running = poll.then(
        (start) => mine === running && start && guard(() => start(wanted, ready, submit)),
      ));
    },

    _stop: (): void => {
      void running?.then((stop) => stop && stop());
      running = undefined;
    },
  };
}
