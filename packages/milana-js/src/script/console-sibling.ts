/**
 * Stands in for `@milana-js/recorder/context-console` inside milana-capture.js (see
 * tsup.config.ts): console capture, with rrweb's console plugin, is the sibling file
 * milana-console.js, fetched only for `capture.console`.
 */
import type { ConsoleLevel } from '@milana-js/recorder';
import { CONSOLE_FILE } from './sibling-global';
import { startFromSibling } from './sibling-start';

export const startConsoleCapture = startFromSibling(
  CONSOLE_FILE,
  (module, deps, levels: ConsoleLevel[]) => module.startConsoleCapture(deps, levels),
);
