/**
 * Entry of `dist/milana-console.js`, a script-tag file beside milana.js. milana-capture.js adds it
 * to the page only for `capture.console`; running it registers the console capture (rrweb's
 * console plugin included) where the capture's stand-in picks it up (console-sibling.ts).
 */
import { startConsoleCapture } from '@milana-js/recorder/context-console';
import { CONSOLE_FILE, registerModule } from './sibling-global';

registerModule(CONSOLE_FILE, { startConsoleCapture });
