/**
 * Bundle sizes: minified, gzip and brotli bytes of each SDK's identity path, recording path,
 * recorder, framework entries and script-tag files.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { bundle } from './bundle.mjs';
import { MODULES_DIR, TMP_DIR } from './paths.mjs';
import { FRAMEWORK_EXTERNALS } from './sdks.mjs';

/** @typedef {{ min: number, gzip: number, brotli: number }} Size */
/** @typedef {{ size: Size | null, files?: number, note?: string }} SizeCell */

/**
 * Each file is its own HTTP response, so sizes are compressed per file and summed. Levels are
 * what static hosting typically serves pre-compressed: gzip 9, brotli 11.
 *
 * @param {Uint8Array[]} contents
 * @returns {Size}
 */
export function measure(contents) {
  const size = { min: 0, gzip: 0, brotli: 0 };
  for (const bytes of contents) {
    size.min += bytes.length;
    size.gzip += gzipSync(bytes, { level: 9 }).length;
    size.brotli += brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length;
  }
  return size;
}

function subtract(a, b) {
  return { min: a.min - b.min, gzip: a.gzip - b.gzip, brotli: a.brotli - b.brotli };
}

async function bundled(name, code, external) {
  const files = await bundle({ code, name, external, outdir: path.join(TMP_DIR, 'sizes') });
  const initial = files.filter((f) => f.initial).map((f) => f.bytes);
  const lazy = files.filter((f) => !f.initial).map((f) => f.bytes);
  return { initial, lazy };
}

/** Runs `task`, turning a failure into an n/a cell that says why. */
async function attempt(task) {
  try {
    return await task();
  } catch (error) {
    const first = String(error?.errors?.[0]?.text ?? error?.message ?? error).split('\n')[0];
    return { size: null, note: `build failed: ${first}` };
  }
}

/**
 * @typedef {{ bundles: Set<string>, scripts: Set<string> }} Loaded file names a page fetched:
 *   bundle files from the page server, SDK scripts from the collector
 */

/**
 * Measures every artefact of one SDK.
 *
 * @param {import('./sdks.mjs').SdkSpec} sdk
 * @param {Map<string, import('./scenario-builds.mjs').ScenarioBuild>} builds
 * @param {{ identity: Loaded, recording: Loaded } | null} loaded what the runtime pages fetched,
 *   or null when the runtime part did not run (then every lazy chunk counts and run-time
 *   fetched scripts are left out)
 * @returns {Promise<Record<string, SizeCell>>} keyed by artefact: identity, recording, recorder,
 *   script-tag and framework-<name>
 */
export async function measureSdk(sdk, builds, loaded) {
  const cells = {};
  const identity = split(builds.get(`${sdk.id}-identity`));
  const identityScripts = await remoteScripts(sdk, loaded?.identity.scripts);
  if (identity.note) cells.identity = identity;
  else {
    const lazy = sdk.lazyAtInit ? loadedLazy(identity, loaded?.identity.bundles) : [];
    const all = [...identity.initial, ...lazy, ...identityScripts.map((f) => f.bytes)];
    const notes = [];
    if (sdk.lazyAtInit)
      notes.push(
        `includes ${lazy.length} of ${identity.lazy.length} lazy chunks (${sdk.lazyAtInit})`,
      );
    else if (identity.lazy.length > 0) notes.push(lazyNote(identity));
    if (identityScripts.length > 0)
      notes.push(`includes ${identityScripts.map((f) => f.name).join(', ')} fetched at run time`);
    cells.identity = { size: measure(all), files: all.length, note: notes.join('; ') || undefined };
  }

  if (sdk.noRecording) {
    cells.recording = { size: null, note: sdk.noRecording };
    cells.recorder = { size: null, note: sdk.noRecording };
  } else {
    const recording = split(builds.get(`${sdk.id}-recording`));
    if (recording.note) {
      cells.recording = recording;
      cells.recorder = recording;
    } else {
      const scripts = await remoteScripts(sdk, loaded?.recording.scripts);
      const lazy = loadedLazy(recording, loaded?.recording.bundles);
      const fetchedLater = scripts.filter((f) => !identityScripts.some((i) => i.name === f.name));
      const all = [...recording.initial, ...lazy, ...scripts.map((f) => f.bytes)];
      cells.recording = {
        size: measure(all),
        files: all.length,
        note:
          scripts.length > 0
            ? `includes ${scripts.map((f) => f.name).join(', ')} fetched at run time`
            : undefined,
      };
      cells.recorder = recorderCell(recording, lazy, fetchedLater, identity);
    }
  }

  if (sdk.scriptTag.length > 0) {
    const files = await Promise.all(sdk.scriptTag.map((f) => readFile(path.join(MODULES_DIR, f))));
    cells['script-tag'] = {
      size: measure(files),
      files: files.length,
      note: sdk.scriptTag.join(' + '),
    };
  } else {
    cells['script-tag'] = { size: null, note: 'no script-tag file in the npm package' };
  }

  for (const fw of sdk.frameworks) {
    const out = await attempt(() => bundled(`${sdk.id}-${fw.name}`, fw.code, FRAMEWORK_EXTERNALS));
    cells[`framework-${fw.name}`] = out.note
      ? out
      : { size: measure([...out.initial]), files: out.initial.length, note: lazyNote(out) };
  }
  return cells;
}

/** A scenario build as initial and lazy contents, or an n/a cell when it failed. */
function split(build) {
  if (!build) return { size: null, note: 'not built' };
  if (build.error) return { size: null, note: build.error };
  const lazyFiles = build.files.filter((f) => !f.initial);
  return {
    initial: build.files.filter((f) => f.initial).map((f) => f.bytes),
    lazy: lazyFiles.map((f) => f.bytes),
    lazyFiles,
  };
}

function lazyNote(out) {
  if (out.lazy.length === 0) return undefined;
  const lazy = measure(out.lazy);
  return `plus ${out.lazy.length} lazy chunk(s), ${(lazy.brotli / 1000).toFixed(1)} kB brotli`;
}

/** Lazy chunks of a build that the page fetched (all of them when that is unknown). */
function loadedLazy(build, fetched) {
  if (!fetched) return build.lazy;
  return build.lazyFiles.filter((f) => fetched.has(path.basename(f.file))).map((f) => f.bytes);
}

/** The SDK's own script files a page fetched from the collector at run time. */
async function remoteScripts(sdk, names) {
  if (!sdk.remoteScripts || !names) return [];
  const sorted = [...names].sort();
  return Promise.all(
    sorted.map(async (name) => ({
      name,
      bytes: await readFile(path.join(MODULES_DIR, sdk.remoteScripts, name)),
    })),
  );
}

/**
 * The recorder is what recording adds on top of the identity path: lazy chunks and run-time
 * fetched files when the SDK splits it out, else the growth of the initial bundle.
 */
function recorderCell(recording, lazy, fetchedLater, identity) {
  if (lazy.length > 0 || fetchedLater.length > 0) {
    const parts = [];
    if (lazy.length > 0) parts.push(`${lazy.length} lazy chunk(s)`);
    if (fetchedLater.length > 0)
      parts.push(`fetched at run time: ${fetchedLater.map((f) => f.name).join(', ')}`);
    return {
      size: measure([...lazy, ...fetchedLater.map((f) => f.bytes)]),
      note: parts.join(' + '),
    };
  }
  if (identity.note) return { size: null, note: identity.note };
  const delta = subtract(measure(recording.initial), measure(identity.initial));
  if (delta.min <= 0)
    return { size: null, note: 'not separable: the recorder is part of the identity path' };
  return { size: delta, note: 'growth of the initial bundle' };
}
