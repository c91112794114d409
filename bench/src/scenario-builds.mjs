/**
 * Builds every SDK scenario once. The same files are measured for size and served to the
 * browser, so the bytes in the size table are the bytes the runtime pages load.
 */
import path from 'node:path';
import { bundle } from './bundle.mjs';
import { SCENARIOS_DIR, TMP_DIR } from './paths.mjs';

/**
 * @typedef {object} ScenarioBuild
 * @property {string} key `<sdk>-<scenario>`, also the folder and entry file name
 * @property {import('./bundle.mjs').BundleFile[]} files
 * @property {string | null} error why the build failed (files is then empty)
 */

/**
 * @param {import('./sdks.mjs').SdkSpec[]} sdks
 * @returns {Promise<Map<string, ScenarioBuild>>} keyed by `<sdk>-<scenario>`
 */
export async function buildScenarios(sdks) {
  const builds = new Map();
  for (const sdk of sdks) {
    const scenarios = sdk.noRecording ? ['identity'] : ['identity', 'recording'];
    for (const scenario of scenarios) {
      const key = `${sdk.id}-${scenario}`;
      const code = `export * from ${JSON.stringify(path.join(SCENARIOS_DIR, sdk.id, `${scenario}.mjs`))};`;
      try {
        const files = await bundle({
          code,
          name: key,
          outdir: path.join(TMP_DIR, 'pages', key),
          write: true,
        });
        builds.set(key, { key, files, error: null });
      } catch (error) {
        const first = String(error?.errors?.[0]?.text ?? error?.message ?? error).split('\n')[0];
        builds.set(key, { key, files: [], error: `build failed: ${first}` });
      }
    }
  }
  return builds;
}
