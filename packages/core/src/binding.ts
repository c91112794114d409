import type { CallerType, Consent, InitOptions, MilanaClient, Result, SessionInfo } from './types';
import { getDefaultClient } from './default-client';
import { startSession } from './start-session';

/**
 * What a framework binding is configured with: the React provider's props, the Vue plugin's
 * options and the Svelte store's config share these fields.
 */
export interface BindingConfig {
  productId: string;
  clientKey: string;
  sessionInfo: SessionInfo;
  options?: InitOptions;
  /** Wait for `initialize()` instead of starting on its own. */
  shouldDeferInitialization?: boolean;
  /**
   * The visitor's consent when the session starts (`options.consent`, which it overrides):
   * `"pending"` waits for `setConsent()` without sending or storing anything.
   */
  consent?: Consent;
  /** The client to use; the page's default client (shared with `milana-js`) when omitted. */
  client?: MilanaClient;
}

const CALLS = [
  'identify',
  'update',
  'updateUser',
  'updateSession',
  'stopRecording',
  'trackEvent',
  'setConsent',
] as const;

/** The client calls every binding hands out, forwarded unchanged (`update` is deprecated there too). */
export type BindingCalls = Readonly<Pick<MilanaClient, (typeof CALLS)[number]>>;

/** What {@link createBinding} returns: the calls, the client, the start and whether to start. */
export interface Binding extends BindingCalls {
  readonly client: MilanaClient;
  /**
   * Starts the configured session (or joins its start); only the first successful call has an
   * effect, and it works again after `stopRecording()`. Resolves `{ success: false }` for an
   * invalid configuration.
   */
  readonly initialize: () => Promise<Result>;
  /** True when the binding should start on its own: a valid config that is not deferred. */
  readonly autoStart: boolean;
}

/**
 * Adds the calls of `client` to `extra` (changed in place, so its getters stay getters) as
 * functions of their own, forwarding every argument as given (so `trackEvent(name)` reaches the
 * client exactly as called). For bindings and their test doubles.
 *
 * @example
 * const calls = bindCalls(client, { client });
 * calls.trackEvent('opened');
 */
export function bindCalls<T extends object>(client: MilanaClient, extra: T): BindingCalls & T {
  const bound = extra as Record<string, unknown>;
  for (const name of CALLS)
    bound[name] = (...args: never[]) =>
      // The lint rule sees no change of type, yet without the assertion tsc refuses the spread
      // into a union of signatures (TS2556).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      (client[name] as (...a: never[]) => unknown)(...args);
  return bound as BindingCalls & T;
}

/**
 * The framework-independent half of a binding: checks and copies `config` (later edits to the
 * caller's object are ignored), resolves the client, and binds the calls and the start with
 * `callerType`. A config that is not an object logs one line naming `what` and starts nothing.
 * Each binding adds only its framework's reactivity and when it calls `initialize()`.
 *
 * @example
 * const binding = createBinding(options, 'core', 'MilanaPlugin: options');
 * if (binding.autoStart) void binding.initialize();
 */
export function createBinding(
  config: BindingConfig,
  callerType: CallerType,
  what = 'milana: config',
): Binding {
  const valid = typeof config === 'object' && config !== null;
  if (!valid)
    console.warn(
      `Milana: ${what} must be an object with productId, clientKey and sessionInfo; no session will start.`,
    );
  const settings = valid ? { ...config } : undefined;
  const client = settings?.client ?? getDefaultClient();
  const consent = settings?.consent;
  const initialize = (): Promise<Result> =>
    settings
      ? startSession({
          ...settings,
          client,
          callerType,
          options: consent ? { ...settings.options, consent } : settings.options,
        })
      : Promise.resolve({ success: false });
  return bindCalls(client, {
    client,
    initialize,
    autoStart: !!settings && !settings.shouldDeferInitialization,
  });
}
