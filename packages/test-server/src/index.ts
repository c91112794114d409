export { startTestServer } from './server.js';
export { chromiumExecutable, CHROMIUM_ARGS, launchChromium } from './chromium.js';
export type {
  RecordedRequest,
  Responder,
  ResponseSpec,
  TestServer,
  TestServerOptions,
} from './types.js';
