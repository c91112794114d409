import { ERROR_PLUGIN, cap, debug, rateLimit, safeString, type ContextDeps } from './kit.js';

/** Caps of an error entry (characters) and the burst limit (entries a second). */
export const MESSAGE_MAX = 1_000;
export const STACK_MAX = 4_000;
const ERROR_BURST = 20;

/**
 * Record uncaught errors and unhandled promise rejections as `milana/error@1` events: `kind`
 * (`"error"` or `"unhandledrejection"`), `name`, `message` and `stack` (both capped), and for
 * errors the `source` URL (sanitised by §18) with `line` and `column`. Listeners are passive:
 * nothing is prevented, so the browser still reports the error as before.
 *
 * @example
 * ```ts
 * const stop = startErrorCapture(deps);
 * // throw new TypeError('x is undefined') ->
 * // { plugin: 'milana/error@1', payload: { kind: 'error', name: 'TypeError', message: 'x is undefined', ... } }
 * stop();
 * ```
 */
export function startErrorCapture(deps: ContextDeps): () => void {
  const now = deps.now ?? (() => performance.now());
  const allow = rateLimit(ERROR_BURST, 1000, now, (count) =>
    deps.emit(ERROR_PLUGIN, { kind: 'dropped', count }),
  );
  const emit = (payload: Record<string, unknown>): void => {
    if (allow()) deps.emit(ERROR_PLUGIN, payload);
  };

  const onError = (event: Event): void => {
    try {
      // Resource load failures (an <img> 404) are Events, not ErrorEvents, and do not bubble to
      // window anyway; only script errors are recorded here.
      if (!(event instanceof ErrorEvent)) return;
      const error: unknown = event.error;
      const payload: Record<string, unknown> = {
        kind: 'error',
        name: error instanceof Error ? error.name : 'Error',
        message: cap(String(event.message || safeString(error, MESSAGE_MAX)), MESSAGE_MAX),
      };
      if (error instanceof Error && typeof error.stack === 'string')
        payload.stack = cap(error.stack, STACK_MAX);
      if (event.filename) {
        payload.source = sanitize(deps, event.filename);
        payload.line = event.lineno;
        payload.column = event.colno;
      }
      emit(payload);
    } catch (failure) {
      debug(deps, 'error', failure);
    }
  };

  const onRejection = (event: PromiseRejectionEvent): void => {
    try {
      const reason: unknown = event.reason;
      const payload: Record<string, unknown> = {
        kind: 'unhandledrejection',
        name: reason instanceof Error ? reason.name : typeof reason,
        message:
          reason instanceof Error
            ? cap(reason.message, MESSAGE_MAX)
            : safeString(reason, MESSAGE_MAX),
      };
      if (reason instanceof Error && typeof reason.stack === 'string')
        payload.stack = cap(reason.stack, STACK_MAX);
      emit(payload);
    } catch (failure) {
      debug(deps, 'rejection', failure);
    }
  };

  deps.win.addEventListener('error', onError);
  deps.win.addEventListener('unhandledrejection', onRejection);
  return () => {
    deps.win.removeEventListener('error', onError);
    deps.win.removeEventListener('unhandledrejection', onRejection);
  };
}

function sanitize(deps: ContextDeps, url: string): string {
  try {
    return deps.sanitizeUrl(new URL(url, deps.win.location.href).href);
  } catch {
    return url.split(/[?#]/)[0]!;
  }
}
