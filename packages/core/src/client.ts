import type { RecorderModule } from '@milana-js/recorder';
import type {
  CallerType,
  InitOptions,
  MilanaClient,
  MilanaState,
  Result,
  SessionInfo,
  StateListener,
} from './types';
import type { Logger } from './log';
import type { UpdateHalves } from './identity';
import { createLogger, readDebugFlag } from './log';
import { isBrowser } from './env';
import { initialState } from './state';
import { resolveInitOptions } from './init-options';
import { defaultRecorderLoader } from './recorder-link';
import { SessionController } from './session';
import {
  validateCredentials,
  validateIdentify,
  validateSessionInfo,
  validateSessionUpdate,
  validateTrackEvent,
  validateUpdatePayload,
  validateUserUpdate,
} from './validate';

/** Options of {@link createMilana}. */
export interface MilanaConfig {
  /** Loads the recorder once a session is sampled. Default: `import('@milana-js/recorder')`. */
  loadRecorder?: () => Promise<RecorderModule>;
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

const CALLER_TYPES: readonly CallerType[] = ['core', 'react', 'cdn'];

function settled(success: boolean): Promise<Result> {
  return Promise.resolve({ success });
}

/** A logger whose methods are replaced when `init` re-reads the debug flag (§20). */
function switchableLogger(): { logger: Logger; set(next: Logger): void } {
  // Everyone holds this one object, so copying the new logger's members in switches them all.
  const logger = createLogger(false);
  return { logger, set: (next) => void Object.assign(logger, next) };
}

/**
 * Creates an independent Milana client. The named exports of `@milana-js/core` use one shared
 * default client; create your own for tests or for a second product on the same page.
 *
 * @example
 * const milana = createMilana();
 * await milana.init('prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_pub_5c1a77', { environment: 'prod', version: '1.2.0' });
 * await milana.identify({ userId: 'u_1', email: 'dana@example.org' });
 */
export function createMilana(config: MilanaConfig = {}): MilanaClient {
  const log = switchableLogger();
  const logger = log.logger;
  const loader =
    typeof config?.loadRecorder === 'function' ? config.loadRecorder : defaultRecorderLoader;
  const fetchImpl = typeof config?.fetch === 'function' ? config.fetch : undefined;
  const controller = new SessionController(logger);
  let iframeStarted = false;

  // Every public body runs inside this: the host app never sees an exception from us.
  function guarded<T>(api: string, fallback: T, body: () => T): T {
    try {
      return body();
    } catch (error) {
      logger.debug(`${api}: internal error`, error);
      return fallback;
    }
  }

  function identityCall(
    api: string,
    args: unknown,
    validate: () => UpdateHalves | null,
  ): Promise<Result> {
    return guarded(api, settled(false), () => {
      if (!isBrowser()) return settled(false);
      logger.trace(api, args);
      const halves = validate();
      if (!halves) return settled(false);
      return controller.update(api, halves);
    });
  }

  async function initWith(
    callerType: CallerType,
    productId: string,
    clientKey: string,
    sessionInfo: SessionInfo,
    options?: InitOptions,
  ): Promise<Result> {
    try {
      if (!isBrowser()) return { success: false };
      // The debug flag is read when a session object is created (§20).
      if (!controller.hasSession()) log.set(createLogger(readDebugFlag()));
      const success = await startSession(callerType, productId, clientKey, sessionInfo, options);
      logger.trace('init', { productId, clientKey, sessionInfo, options, result: { success } });
      return { success };
    } catch (error) {
      logger.debug('init: internal error', error);
      return { success: false };
    }
  }

  async function startSession(
    callerType: CallerType,
    productId: unknown,
    clientKey: unknown,
    sessionInfo: unknown,
    options: unknown,
  ): Promise<boolean> {
    if (controller.hasSession()) {
      logger.info('init: a session already exists; call stopRecording() first');
      return false;
    }
    if (!validateCredentials(productId, clientKey, logger)) return false;
    const info = validateSessionInfo(sessionInfo, logger);
    if (!info) return false;
    return controller.start({
      productId: productId as string,
      clientKey: clientKey as string,
      callerType: CALLER_TYPES.includes(callerType) ? callerType : 'core',
      sessionInfo: info,
      options: resolveInitOptions(options, logger),
      loader,
      fetch: fetchImpl,
    });
  }

  const client: InternalMilanaClient = {
    init: (productId, clientKey, sessionInfo, options) =>
      initWith('core', productId, clientKey, sessionInfo, options),

    [INIT_WITH_CALLER_TYPE]: initWith,

    identify: (input) =>
      identityCall('identify', input, () => {
        const user = validateIdentify(input, logger);
        return user ? { user } : null;
      }),

    updateUser: (input) =>
      identityCall('updateUser', input, () => {
        const user = validateUserUpdate(input, 'updateUser', logger);
        return user ? { user } : null;
      }),

    updateSession: (input) =>
      identityCall('updateSession', input, () => {
        const session = validateSessionUpdate(input, 'updateSession', logger);
        return session ? { session } : null;
      }),

    update: (payload) =>
      identityCall('update', payload, () => validateUpdatePayload(payload, logger)),

    trackEvent: (name, attributes) =>
      guarded('trackEvent', undefined, () => {
        if (!isBrowser()) return;
        logger.trace('trackEvent', { name, attributes });
        const event = validateTrackEvent(name, attributes === undefined ? {} : attributes, logger);
        if (event) controller.trackEvent(event.name, event.attributes);
      }),

    stopRecording: () =>
      guarded('stopRecording', settled(false), () => {
        if (!isBrowser()) return settled(false);
        logger.trace('stopRecording', undefined);
        return settled(controller.stop());
      }),

    initCrossOriginIframe: () =>
      guarded('initCrossOriginIframe', undefined, () => {
        if (!isBrowser() || iframeStarted) return;
        iframeStarted = true;
        loader()
          .then(
            (mod) => mod.startCrossOriginIframeRecorder(),
            (error: unknown) =>
              logger.info('initCrossOriginIframe: the recorder could not be loaded', error),
          )
          .catch((error: unknown) => logger.debug('initCrossOriginIframe: internal error', error));
      }),

    getState: (): MilanaState => guarded('getState', initialState(), () => controller.state.get()),

    subscribe: (listener: StateListener) =>
      guarded(
        'subscribe',
        () => undefined,
        () => {
          if (typeof listener !== 'function') {
            logger.warn('subscribe: listener must be a function');
            return () => undefined;
          }
          return controller.state.subscribe(listener);
        },
      ),

    listen: (listener: StateListener) =>
      guarded(
        'listen',
        () => undefined,
        () => {
          if (typeof listener !== 'function') {
            logger.warn('listen: listener must be a function');
            return () => undefined;
          }
          return controller.state.listen(listener);
        },
      ),
  };
  return client;
}
