import type { RecorderModule } from '@milana-js/recorder';
import { readRegisteredRecorder } from './recorder-global';

/** The recorder file's name; it is published beside milana.js. */
export const RECORDER_FILE = 'milana-recorder.js';

/** Where milana.js was loaded from, captured while it runs (`document.currentScript` is null later). */
export interface ScriptOrigin {
  /** Absolute URL of milana-recorder.js, or null when milana.js could not tell where it came from. */
  recorderUrl: string | null;
  /** The CSP nonce of the milana.js tag, repeated on the recorder tag so strict pages allow it. */
  nonce: string;
}

/**
 * Reads where the running script came from, so the recorder is fetched from the same place
 * (same CDN, same version folder, or the app's own copy). Never throws.
 *
 * @example
 * ```ts
 * const origin = readScriptOrigin(document.currentScript); // { recorderUrl: 'https://cdn…/milana-recorder.js', nonce: '' }
 * ```
 */
export function readScriptOrigin(script: Element | null | undefined): ScriptOrigin {
  try {
    const src = script && (script as HTMLScriptElement).src;
    if (!src) return { recorderUrl: null, nonce: '' };
    // Resolving against the script's URL drops its file name and any query string.
    return {
      recorderUrl: new URL(RECORDER_FILE, src).href,
      nonce: (script as HTMLScriptElement).nonce || '',
    };
  } catch {
    return { recorderUrl: null, nonce: '' };
  }
}

/**
 * Builds the core's `loadRecorder` for the script tag: on the first sampled session it adds
 * `<script src=".../milana-recorder.js">`, which registers the recorder module on a global, and
 * resolves with that module. Unsampled sessions never call it, so they never fetch the file.
 * A failed load rejects (the core logs it and stops recording) and lets a later session retry.
 *
 * @example
 * ```ts
 * const client = createMilana({ loadRecorder: createScriptRecorderLoader(readScriptOrigin(document.currentScript)) });
 * ```
 */
export function createScriptRecorderLoader(
  origin: ScriptOrigin,
  doc: Document = document,
): () => Promise<RecorderModule> {
  let loading: Promise<RecorderModule> | null = null;

  const inject = (): Promise<RecorderModule> =>
    new Promise<RecorderModule>((resolve, reject) => {
      if (!origin.recorderUrl) {
        reject(
          new Error(
            `Milana: cannot tell where milana.js was loaded from, so ${RECORDER_FILE} cannot be fetched.`,
          ),
        );
        return;
      }
      const script = doc.createElement('script');
      script.async = true;
      script.src = origin.recorderUrl;
      if (origin.nonce) script.nonce = origin.nonce;
      // A classic script runs before its load event, so the module is registered by then.
      script.onload = () => {
        const module = readRegisteredRecorder();
        if (module) resolve(module);
        else
          reject(
            new Error(`Milana: ${origin.recorderUrl} loaded but did not register the recorder.`),
          );
      };
      script.onerror = () => reject(new Error(`Milana: could not load ${origin.recorderUrl}.`));
      (doc.head || doc.documentElement).appendChild(script);
    });

  return function loadRecorder(): Promise<RecorderModule> {
    const ready = readRegisteredRecorder();
    if (ready) return Promise.resolve(ready);
    if (!loading) {
      loading = inject();
      // Forget a failure so that a later session may try again.
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  };
}
