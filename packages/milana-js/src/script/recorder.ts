/**
 * Entry of `dist/milana-recorder.js`, a script-tag file beside milana.js. milana.js adds it to the
 * page only when a session is sampled; running it registers the recorder module where milana.js's
 * loader picks it up (see sibling-loader.ts).
 */
import { abortRecorder, startCrossOriginIframeRecorder, startRecorder } from '@milana-js/recorder';
import { RECORDER_FILE, registerModule } from './sibling-global';
import { rememberScriptOrigin } from './sibling-start';

// For milana-capture.js, which the recorder fetches from this file's folder (capture-sibling.ts).
rememberScriptOrigin();
registerModule(RECORDER_FILE, { startRecorder, startCrossOriginIframeRecorder, abortRecorder });
