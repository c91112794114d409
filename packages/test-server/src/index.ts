export { startTestServer } from './server.js';
export { setupTestServer } from './setup.js';
export type { TestServerHooks } from './setup.js';
export { countListeners, fakeRecorder } from './client-fakes.js';
export type { FakeRecorder, FakeRecorderModule, ListeningClient } from './client-fakes.js';
export { chromiumExecutable, CHROMIUM_ARGS, launchChromium } from './chromium.js';
export type {
  RecordedRequest,
  Responder,
  ResponseSpec,
  TestServer,
  TestServerOptions,
} from './types.js';
