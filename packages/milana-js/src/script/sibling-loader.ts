import { readRegisteredModule, type SiblingFile } from './sibling-global';

/** Where milana.js was loaded from, captured while it runs (`document.currentScript` is null later). */
export interface ScriptOrigin {
  /**
   * The folder URL of milana.js (ending in `/`), where its sibling files are published; null
   * when milana.js could not tell where it came from.
   */
  folder: string | null;
  /** The CSP nonce of the milana.js tag, repeated on the sibling tags so strict pages allow them. */
  nonce: string;
}

/**
 * Reads where the running script came from, so its sibling files are fetched from the same place
 * (same CDN, same version folder, or the app's own copy). Never throws.
 *
 * @example
 * ```ts
 * const origin = readScriptOrigin(document.currentScript); // { folder: 'https://cdn…/dist/', nonce: '' }
 * ```
 */
export function readScriptOrigin(script: Element | null | undefined): ScriptOrigin {
  try {
    const src = script && (script as HTMLScriptElement).src;
    if (!src) return { folder: null, nonce: '' };
    // Resolving `.` against the script's URL drops its file name and any query string.
    return {
      folder: new URL('.', src).href,
      nonce: (script as HTMLScriptElement).nonce || '',
    };
  } catch {
    return { folder: null, nonce: '' };
  }
}

/**
 * Builds a loader of `file`'s module for the core (`loadRecorder`, `loadIntegrations`): on its
 * first call it adds `<script src="<folder of milana.js>/<file>">`, which registers the module on
 * the file's global slot, and resolves with that module. Pages that never need the module never
 * call it, so they never fetch the file. Concurrent calls share one tag; a failed load rejects
 * (the core logs it) and lets a later call retry.
 *
 * @example
 * ```ts
 * const origin = readScriptOrigin(document.currentScript);
 * const client = createMilana({ loadRecorder: createSiblingLoader(RECORDER_FILE, origin) });
 * ```
 */
export function createSiblingLoader<T>(
  file: SiblingFile<T>,
  origin: ScriptOrigin,
  doc: Document = document,
): () => Promise<T> {
  let loading: Promise<T> | null = null;
  const url = origin.folder && origin.folder + file.name;

  const inject = (): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!url) {
        reject(
          new Error(
            `Milana: cannot tell where milana.js was loaded from, so ${file.name} cannot be fetched.`,
          ),
        );
        return;
      }
      const script = doc.createElement('script');
      script.async = true;
      script.src = url;
      if (origin.nonce) script.nonce = origin.nonce;
      // A classic script runs before its load event, so the module is registered by then.
      script.onload = () => {
        const module = readRegisteredModule(file);
        if (module) resolve(module);
        else reject(new Error(`Milana: ${url} loaded but did not register its module.`));
      };
      script.onerror = () => reject(new Error(`Milana: could not load ${url}.`));
      (doc.head || doc.documentElement).appendChild(script);
    });

  return function loadSibling(): Promise<T> {
    const ready = readRegisteredModule(file);
    if (ready) return Promise.resolve(ready);
    if (!loading) {
      loading = inject();
      // Forget a failure so that a later call may try again.
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  };
}
