export { startCapture, type Capture, type CaptureOptions } from './start-capture.js';
export { startCrossOriginIframeCapture } from './cross-origin-iframe.js';
