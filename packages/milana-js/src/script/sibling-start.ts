import type { ContextDeps } from '@milana-js/recorder/context';
import type { SiblingFile } from './sibling-global';
import { createSiblingLoader, readScriptOrigin, type ScriptOrigin } from './sibling-loader';

let origin: ScriptOrigin = { folder: null, nonce: '' };

/**
 * Remembers where the running script-tag file came from (its folder and CSP nonce), for the
 * siblings it fetches later. Call it at the top level of the file's entry: `document.currentScript`
 * is readable only while the file runs, and the stand-ins below run later (a lazily imported
 * module is evaluated at its import, after the file ran).
 */
export function rememberScriptOrigin(): void {
  origin = readScriptOrigin(typeof document == 'undefined' ? null : document.currentScript);
}

/**
 * In the script-tag files, a capture part's start function whose code is a sibling file: it
 * returns its teardown at once, fetches the file (beside the running script, with its CSP nonce),
 * then starts the part unless the teardown ran meanwhile. What the npm build gets from a dynamic
 * `import()` of the part's chunk, for classic scripts, which cannot split. A file that cannot be
 * loaded, or a start that throws, is logged at debug level; nothing throws into the page.
 *
 * The file is fetched from the folder {@link rememberScriptOrigin} saw.
 *
 * @example
 * ```ts
 * export const startContextCapture = startFromSibling(CAPTURE_FILE, (module, deps, options) =>
 *   module.startContextCapture(deps, options),
 * );
 * ```
 */
export function startFromSibling<M, A extends unknown[]>(
  file: SiblingFile<M>,
  start: (module: M, deps: ContextDeps, ...rest: A) => () => void,
): (deps: ContextDeps, ...rest: A) => () => void {
  let load: (() => Promise<M>) | undefined;
  return (deps, ...rest) => {
    load ??= createSiblingLoader(file, origin);
    let stopped = false;
    let stop: (() => void) | undefined;
    const debug = (what: string, error: unknown): void => {
      try {
        deps.log.debug(`${file.name} ${what}`, error);
      } catch {
        // nothing left to report to
      }
    };
    load().then(
      (module) => {
        if (stopped) return;
        try {
          stop = start(module, deps, ...rest);
        } catch (error) {
          debug('failed to start', error);
        }
      },
      (error: unknown) => debug('could not be loaded', error),
    );
    return () => {
      stopped = true;
      stop?.();
    };
  };
}
