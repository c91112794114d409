export { abortRecorder, startRecorder, startCrossOriginIframeRecorder } from './recorder.js';
export type {
  ConsoleLevel,
  ContextCaptureOptions,
  MaskInputTypes,
  MilanaCustomPayload,
  PrivacyOptions,
  Recorder,
  RecorderHost,
  RecorderLog,
  RecorderModule,
  RecorderOptions,
  SendOptions,
  SendOutcome,
  StopReason,
} from './host.js';
