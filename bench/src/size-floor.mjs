/**
 * How small could the identity path get? Bundles `init` + `identify` + `updateUser` +
 * `updateSession` from the core's sources the way size-limit measures `milana-js` (esbuild, ESM,
 * minified, tree-shaken, the recorder and the integration detection left out as the lazy chunks
 * they are), once as it is and once with the input rules taken out: every validator of
 * `validate.ts` and the metadata sanitizer of `metadata.ts` replaced by a function that returns
 * its input. The second figure is the floor for a core that keeps the rest of the spec (session
 * lifecycle, call queue, identity merge and dedup, transport, storage, state) but gives up api.md's
 * "Errors and bad input". A third figure also replaces every string literal of six or more
 * characters (log lines, but also the protocol's header names and storage keys) with a distinct
 * two-character token: what is left is code. Prints minified and brotli bytes, and the minified
 * bytes per source file of the first two.
 *
 * Run: `node bench/src/size-floor.mjs` (needs nothing built).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenizer } from 'acorn';
import { build } from 'esbuild';
import { measure } from './sizes.mjs';

const CORE = fileURLToPath(new URL('../../packages/core/', import.meta.url));
const { version } = JSON.parse(await readFile(path.join(CORE, 'package.json'), 'utf8'));

/** Each validator becomes `(input) => input`: same exports, no checks and no messages. */
const PASSTHROUGH_VALIDATORS = `
const pass = (value) => value;
export const validateCredentials = () => true;
export const validateSessionInfo = pass;
export const validateIdentify = pass;
export const validateUserUpdate = pass;
export const validateSessionUpdate = pass;
export const validateUpdatePayload = pass;
export const sanitizeIntegrations = pass;
export const validateTrackEvent = (name, attributes) => ({ name, attributes });
`;

const SANITIZER_START = 'export function sanitizeJsonValue';
const PASSTHROUGH_SANITIZER = `
export const sanitizeJsonValue = (value) => ({ ok: true, value });
export const sanitizeMetadata = (value) => ({ ok: true, value });
`;

/** An esbuild plugin that swaps the input rules for pass-throughs. */
const withoutInputRules = {
  name: 'without-input-rules',
  setup(b) {
    b.onLoad({ filter: /[\\/]core[\\/]src[\\/]validate\.ts$/ }, () => ({
      contents: PASSTHROUGH_VALIDATORS,
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]core[\\/]src[\\/]metadata\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const start = source.indexOf(SANITIZER_START);
      // Fail loudly rather than measure the wrong thing when metadata.ts is reorganised.
      if (start < 0) throw new Error(`size-floor: "${SANITIZER_START}" not found in metadata.ts`);
      return { contents: source.slice(0, start) + PASSTHROUGH_SANITIZER, loader: 'ts' };
    });
  },
};

async function identityPath(plugins) {
  const result = await build({
    stdin: {
      contents: "export { init, identify, updateUser, updateSession } from './src/index.ts';",
      resolveDir: CORE,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['@milana-js/recorder', '@milana-js/recorder/*', '@milana-js/core/integrations'],
    define: { __MILANA_VERSION__: JSON.stringify(version), __MILANA_GIT_HASH__: '"0000000"' },
    // As the core's own build (packages/core/tsup.config.ts).
    mangleProps: /^_/,
    reserveProps: /^(_internal|__proto__)$/,
    plugins,
  });
  const bytes = result.outputFiles[0].contents;
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  const perFile = Object.entries(inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .map(([file, input]) => `${String(input.bytesInOutput).padStart(6)}  ${file}`);
  return { size: measure([bytes]), perFile, text: result.outputFiles[0].text };
}

/** `code` with every string or template literal of `min` or more characters swapped for a token. */
function shortenStrings(code, min = 6) {
  let out = '';
  let last = 0;
  let count = 0;
  for (const token of tokenizer(code, { ecmaVersion: 'latest', sourceType: 'module' })) {
    const kind = token.type.label;
    if ((kind !== 'string' && kind !== 'template') || token.end - token.start < min) continue;
    // A distinct token per literal, so brotli cannot fold them together either.
    const name = (count++).toString(36).padStart(2, '_');
    out += code.slice(last, token.start) + (kind === 'string' ? `"${name}"` : name);
    last = token.end;
  }
  return out + code.slice(last);
}

const bare = await identityPath([withoutInputRules]);
const rows = [
  ['as built', await identityPath([])],
  ['without input validation and metadata sanitizing', bare],
];
for (const [label, { size, perFile }] of rows) {
  console.log(`identity path, ${label}: ${size.min} B minified, ${size.brotli} B brotli`);
  console.log(perFile.map((line) => `  ${line}`).join('\n'));
}
const codeOnly = measure([new TextEncoder().encode(shortenStrings(bare.text))]);
console.log(
  `identity path, also without strings of 6+ characters: ${codeOnly.min} B minified, ${codeOnly.brotli} B brotli`,
);
