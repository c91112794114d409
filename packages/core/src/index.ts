export type * from './types';
export type * from './type-aliases';
export type { MilanaConfig } from './client';
export type { IntegrationsModule } from './integrations-link';
export { createMilana } from './client';
export {
  getDefaultClient,
  initWithCallerType,
  init,
  identify,
  updateUser,
  updateSession,
  update,
  trackEvent,
  stopRecording,
  setConsent,
  initCrossOriginIframe,
  getState,
  subscribe,
  listen,
} from './default-client';
export type { StartSessionConfig } from './start-session';
export { startSession } from './start-session';
export type { Binding, BindingCalls, BindingConfig } from './binding';
export { bindCalls, createBinding } from './binding';
export { INITIAL_STATE } from './state';
