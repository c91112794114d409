export { startRecorder, startCrossOriginIframeRecorder } from './recorder.js';
export type {
  MilanaCustomPayload,
  Recorder,
  RecorderHost,
  RecorderLog,
  RecorderModule,
  RecorderOptions,
  SendOptions,
  SendOutcome,
  StopReason,
} from './host.js';
