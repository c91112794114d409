import type { RecorderModule } from '@milana-js/recorder';
import type {
  CallerType,
  Consent,
  InitOptions,
  MilanaClient,
  Result,
  SessionInfo,
  StateListener,
} from './types';
import type { Identity } from './merge';
import { createLogger, readDebugFlag } from './log';
import { isBrowser } from './env';
import { resolveInitOptions } from './init-options';
import { createTransport } from './transport';
import { defaultRecorderLoader } from './recorder-link';
import { defaultIntegrationsLoader, type IntegrationsModule } from './integrations-link';
import { createSession } from './session';
import { say } from './metadata';
import {
  validateCredentials,
  validateIdentify,
  validateSessionInfo,
  validateSessionUpdate,
  validateUpdatePayload,
  validateUserUpdate,
} from './validate';

/** Options of {@link createMilana}. */
export interface MilanaConfig {
  /** Loads the recorder once a session is sampled. Default: `import('@milana-js/recorder')`. */
  loadRecorder?: () => Promise<RecorderModule>;
  /**
   * Loads the Sentry/PostHog detection (§7.7) once per client, the first time a session with the
   * init option `integrations` is ready; never called without that option. A rejection (or a
   * throw) costs one `Milana:` info line and turns the auto-detect off for this client, without a
   * retry. Default, also for a value that is not a function:
   * `import('@milana-js/core/integrations')`. The script tag uses it to fetch a file of its own.
   *
   * @example
   * ```ts
   * const milana = createMilana({ loadIntegrations: () => import('@milana-js/core/integrations') });
   * ```
   */
  loadIntegrations?: () => Promise<IntegrationsModule>;
  /** The fetch to use. Default: the global `fetch`, read at request time. */
  fetch?: typeof fetch;
}

/**
 * The hidden method bindings use to start a session with their own `X-Milana-Caller-Type`.
 * A registered symbol, so two copies of the package agree on it.
 */
export const INIT_WITH_CALLER_TYPE: unique symbol = Symbol.for(
  'milana-js.init-with-caller-type',
) as never;

/** A client as built by {@link createMilana}: the public interface plus the bindings' hook. */
export interface InternalMilanaClient extends MilanaClient {
  [INIT_WITH_CALLER_TYPE](
    callerType: CallerType,
    productId: string,
    clientKey: string,
    sessionInfo: SessionInfo,
    options?: InitOptions,
  ): Promise<Result>;
}

const settled = (success: boolean): Promise<Result> => Promise.resolve({ success });

const noop = (): void => undefined;

/** `value` when it is a function, else `fallback`: how config hooks are read. */
const fnOr = <T>(value: unknown, fallback: T): T =>
  typeof value === 'function' ? (value as T) : fallback;

/** Wraps a validated user or session (or a failed validation's null) as the halves of a body. */
const half = (key: keyof Identity, value: object | null): Identity | null =>
  value && { [key]: value };

/**
 * Creates an independent Milana client. The named exports of `@milana-js/core` use one shared
 * default client; create your own for tests or for a second product on the same page.
 *
 * @example
 * const milana = createMilana();
 * await milana.init('prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_pub_5c1a77', { environment: 'prod', version: '1.2.0' });
 * await milana.identify({ userId: 'u_1', email: 'dana@example.org' });
 */
export function createMilana(config?: MilanaConfig): MilanaClient {
  // Everyone holds this one logger; `init` re-reads the debug flag by copying a new one in (§20).
  const log = createLogger(false);
  let loadRecorder: MilanaConfig['loadRecorder'];
  let loadIntegrations: MilanaConfig['loadIntegrations'];
  let fetchImpl: MilanaConfig['fetch'];
  try {
    ({ loadRecorder, loadIntegrations, fetch: fetchImpl } = config || {});
  } catch {
    // A config whose getters throw counts as no config: createMilana never throws either.
  }
  const loader = fnOr(loadRecorder, defaultRecorderLoader);
  const session = createSession(log, fnOr(loadIntegrations, defaultIntegrationsLoader));
  // The visitor's answer (issue 19) and the start of the last accepted `init`, parked until a
  // grant; `stopRecording()` forgets it. While pending, calls wait in the session's queue, which
  // does not expire them then; a denial fails them, and later calls wait as after a stop.
  let consent: Consent | undefined;
  let parked: (() => Promise<boolean>) | null = null;
  let iframeStarted = false;

  /**
   * Runs a public call: outside a browser it returns `fallback` at once, and whatever the body
   * throws is logged at debug level instead of reaching the host app.
   */
  function call<T>(api: string, args: unknown, fallback: T, body: () => T): T {
    try {
      if (!isBrowser()) return fallback;
      log.trace(api, args);
      return body();
    } catch (error) {
      log.debug(`${api}: internal error`, error);
      return fallback;
    }
  }

  /** An identity call: validated into halves, then queued, coalesced and deduped by the session. */
  const identityCall =
    (api: string, validate: (input: unknown) => Identity | null) =>
    (input: unknown): Promise<Result> =>
      call(api, input, settled(false), () => {
        const halves = validate(input);
        return halves ? session._update(api, halves) : settled(false);
      });

  const watch =
    (api: string, now: boolean) =>
    (listener: StateListener): (() => void) => {
      if (typeof listener === 'function') return session._watch(listener, now);
      log.warn(`${api}: listener must be a function`);
      return noop;
    };

  async function initWith(
    callerType: CallerType,
    productId: string,
    clientKey: string,
    sessionInfo: SessionInfo,
    options?: InitOptions,
  ): Promise<Result> {
    let success = false;
    try {
      // Outside a browser no session ever exists, and none starts.
      if (session._hasSession()) {
        log.info('init: a session already exists; call stopRecording() first');
      } else if (isBrowser()) {
        // The debug flag is read when a session starts (§20).
        Object.assign(log, createLogger(readDebugFlag()));
        const info =
          validateCredentials(productId, clientKey, log) && validateSessionInfo(sessionInfo, log);
        if (info) {
          const resolved = resolveInitOptions(options, log);
          // Read unguarded: options whose getter throws fail this init through the catch below.
          const answer = options?.consent ?? 'granted';
          consent = answer;
          parked = () =>
            session._start(
              createTransport(
                productId,
                clientKey,
                ['react', 'cdn'].includes(callerType) ? callerType : 'core',
                resolved.endpoint,
                fnOr<typeof fetch | undefined>(fetchImpl, undefined),
              ),
              info,
              resolved,
              loader,
            );
          if (consent == 'granted') success = await parked();
          else {
            session._await();
            // Anything but `pending` is a denial, so an unknown answer (TypeScript rejects one;
            // plain JS may pass it) never records without consent. A denial stops the client it
            // just made wait, so `_stop` returns true: init succeeds either way.
            success = consent == 'pending' || session._stop(false);
          }
        }
      }
      log.trace('init', [productId, clientKey, sessionInfo, options]);
    } catch (error) {
      log.debug('init: internal error', error);
    }
    return { success };
  }

  const client: InternalMilanaClient = {
    init: (productId, clientKey, sessionInfo, options) =>
      initWith('core', productId, clientKey, sessionInfo, options),

    [INIT_WITH_CALLER_TYPE]: initWith,

    identify: identityCall('identify', (input) => half('user', validateIdentify(input, log))),

    updateUser: identityCall('updateUser', (input) =>
      half('user', validateUserUpdate(input, 'updateUser', log)),
    ),

    updateSession: identityCall('updateSession', (input) =>
      half('session', validateSessionUpdate(input, 'updateSession', log)),
    ),

    update: identityCall('update', (payload) => validateUpdatePayload(payload, log)),

    trackEvent: (name, attributes) =>
      // Forwarded as given: the recorder, the only place events are recorded (§17.4), validates
      // them with their warnings, so the check is not part of the core's bundle.
      call('trackEvent', { name, attributes }, undefined, () => session._track(name, attributes)),

    stopRecording: () =>
      call('stopRecording', undefined, settled(false), () => {
        parked = null;
        return settled(session._stop());
      }),

    setConsent: (answer) =>
      call('setConsent', answer, undefined, () => {
        if (!parked || (answer != 'granted' && answer != 'denied'))
          say(log, 'setConsent', 'consent', 'must be granted or denied after init()');
        else if (answer != consent) {
          consent = answer;
          // Only a pending or denied client changes its answer, so no session runs on a grant:
          // it starts the parked one, and the calls waiting in the queue then run in order. A
          // denial stops like stopRecording() without sending the buffer.
          if (answer == 'denied') session._stop(false);
          else void parked();
        }
      }),

    initCrossOriginIframe: () =>
      call('initCrossOriginIframe', undefined, undefined, () => {
        if (iframeStarted) return;
        iframeStarted = true;
        loader()
          .then((mod) => mod.startCrossOriginIframeRecorder())
          .catch((error: unknown) =>
            log.info('initCrossOriginIframe: the recorder could not be loaded', error),
          );
      }),

    getState: session._state,
    subscribe: watch('subscribe', true),
    listen: watch('listen', false),
  };
  return client;
}
