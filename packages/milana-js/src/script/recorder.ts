/**
 * Entry of `dist/milana-recorder.js`, the second script-tag file. milana.js adds it to the page
 * only when a session is sampled; running it registers the recorder module where milana.js's
 * loader picks it up (see recorder-loader.ts).
 */
import { startCrossOriginIframeRecorder, startRecorder } from '@milana-js/recorder';
import { registerRecorder } from './recorder-global';

registerRecorder({ startRecorder, startCrossOriginIframeRecorder });
