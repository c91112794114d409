/**
 * Entry of the script-tag bundle `dist/milana.js` (a classic script; also works with `async`).
 *
 * Unlike the npm entry points this file acts when it runs: that is its purpose. It builds a
 * client whose recorder and integration detection are fetched, only when needed, as files beside
 * this one (milana-recorder.js, milana-integrations.js), then takes over the
 * `Milana(...)` / `window._milanaQueue` command channel of the page's stub (ingest-protocol §21).
 * Nothing here may throw into the page.
 */
import { createMilana } from '@milana-js/core';
import { createDispatcher, type Warn } from './commands';
import { installCommandChannel, type ScriptGlobals } from './queue';
import { INTEGRATIONS_FILE, RECORDER_FILE } from './sibling-global';
import { createSiblingLoader, readScriptOrigin } from './sibling-loader';

const warn: Warn = (message, detail) => {
  try {
    if (detail === undefined) console.warn(message);
    else console.warn(message, detail);
  } catch {
    // A console that throws must not break the page either.
  }
};

function start(): void {
  if (typeof window === 'undefined' || typeof document === 'undefined') return;
  // Only readable while this script runs; an async script has it too.
  const origin = readScriptOrigin(document.currentScript);
  const client = createMilana({
    loadRecorder: createSiblingLoader(RECORDER_FILE, origin),
    loadIntegrations: createSiblingLoader(INTEGRATIONS_FILE, origin),
  });
  if (!installCommandChannel(window as unknown as ScriptGlobals, createDispatcher(client, warn))) {
    warn('Milana: milana.js was loaded twice; the second copy does nothing.');
  }
}

try {
  start();
} catch (error) {
  warn('Milana: the script tag could not start; Milana calls on this page are ignored.', error);
}
