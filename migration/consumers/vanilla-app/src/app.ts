// A plain app with only milana-js and typescript installed: every root-entry call and the type
// names 1.0.x code imports. No vue, no svelte, no react in node_modules.
import * as milana from 'milana-js';
import {
  createMilana,
  getState,
  identify,
  init,
  stopRecording,
  subscribe,
  trackEvent,
  update,
  updateSession,
  updateUser,
  type InitOptions,
  type InitPrivacyOptions,
  type IntegrationName,
  type MilanaState,
  type PostHogIntegrationState,
  type PrivacyMaskingLevel,
  type PublicInitOptions,
  type Result,
  type SentryIntegrationState,
  type TrackEventAttributeValue,
} from 'milana-js';

const level: PrivacyMaskingLevel = 'xhigh';
const privacy: InitPrivacyOptions = { maskingLevel: level, blockClass: 'no-record' };
const integrations: IntegrationName[] = ['sentry', 'posthog'];
const options: PublicInitOptions = { privacy, integrations };
const same: InitOptions = options;
const posthog: PostHogIntegrationState = { sessionId: 'ph', distinctId: 'd' };
const sentry: SentryIntegrationState = { replayId: 'r' };
const value: TrackEventAttributeValue = null;

// @ts-expect-error - not a masking level
const wrongLevel: PrivacyMaskingLevel = 'extreme';
// @ts-expect-error - not an integration the SDK links
const wrongIntegration: IntegrationName = 'datadog';
// @ts-expect-error - attribute values are flat scalars
const wrongValue: TrackEventAttributeValue = { nested: true };

export async function start(): Promise<Result[]> {
  const results = [
    await init(
      'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC',
      'key_pub_5c1a77',
      {
        environment: 'production',
        version: '4.2.0',
      },
      same,
    ),
    await identify({ userId: 'u_1', email: 'a@example.org' }),
    await updateUser({ userId: 'u_1', metadata: { plan: 'pro' } }),
    await updateSession({ integrations: { posthog, sentry } }),
    await update({ session: { appSessionId: 'app_1' } }),
    await milana.stopRecording(),
  ];
  trackEvent('started', { value });
  const stop = subscribe((state: MilanaState) => void state.status);
  stop();
  void getState().isInitialized;
  void createMilana().getState();
  void stopRecording;
  return [...results, { success: [wrongLevel, wrongIntegration, wrongValue].length > 0 }];
}
