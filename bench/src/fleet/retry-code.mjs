/**
 * Loads the client's own retry schedule (`packages/recorder/src/pipeline/retry-schedule.ts`), so
 * the fleet model runs exactly the code the recorder runs. The file is TypeScript and the package
 * does not export it, so esbuild (already a bench dependency) strips the types into an ES module
 * under results/tmp, which is then imported.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { REPO_DIR, TMP_DIR } from '../paths.mjs';

export const RETRY_SOURCE = 'packages/recorder/src/pipeline/retry-schedule.ts';

/** `{ retryDelay, BATCH_RETRY_DELAYS_MS, RETRY_JITTER }` from the recorder's source. */
export async function loadRetrySchedule() {
  const result = await build({
    entryPoints: [path.join(REPO_DIR, RETRY_SOURCE)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  await mkdir(TMP_DIR, { recursive: true });
  const file = path.join(TMP_DIR, 'retry-schedule.mjs');
  await writeFile(file, result.outputFiles[0].text);
  return import(pathToFileURL(file).href);
}
