import type { RecorderModule } from '@milana-js/recorder';

// The recorder itself is driven by the session controller (src/session.ts); this module only
// says how its code is fetched.

/** Loads the recorder package; a dynamic import by default so unsampled pages never fetch it. */
export type RecorderLoader = () => Promise<RecorderModule>;

/** The default loader: the recorder is a separate chunk fetched on demand. */
export const defaultRecorderLoader: RecorderLoader = () =>
  // Typed through the seam: core's tsconfig maps the package to its seam types only.
  import('@milana-js/recorder') as Promise<unknown> as Promise<RecorderModule>;
