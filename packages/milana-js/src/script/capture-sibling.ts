/**
 * Stands in for `@milana-js/recorder/context` inside milana-recorder.js (see tsup.config.ts):
 * the context capture is the sibling file milana-capture.js, fetched only when a recording
 * session asks for `capture`, so script-tag sessions without capture never download it.
 */
import type { RecorderOptions } from '@milana-js/recorder';
import { CAPTURE_FILE } from './sibling-global';
import { startFromSibling } from './sibling-start';

export const startContextCapture = startFromSibling(
  CAPTURE_FILE,
  (module, deps, options: RecorderOptions) => module.startContextCapture(deps, options),
);
