/**
 * Entry of `dist/milana-capture.js`, a script-tag file beside milana.js. milana-recorder.js adds
 * it to the page only when a recording session asks for `capture`; running it registers the
 * context capture where the recorder's stand-in picks it up (capture-sibling.ts).
 */
import { startContextCapture } from '@milana-js/recorder/context';
import { CAPTURE_FILE, registerModule } from './sibling-global';
import { rememberScriptOrigin } from './sibling-start';

// For milana-console.js, which the capture fetches from this file's folder (console-sibling.ts).
rememberScriptOrigin();
registerModule(CAPTURE_FILE, { startContextCapture });
