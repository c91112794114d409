// 1.0.x apps import these type names; they type-check (the suite's tsc run) and the values built
// with them are accepted by the real client at run time.
import { expect, it, vi } from 'vitest';
import {
  createMilana,
  type InitPrivacyOptions,
  type IntegrationName,
  type PostHogIntegrationState,
  type PrivacyMaskingLevel,
  type PublicInitOptions,
  type SentryIntegrationState,
  type TrackEventAttributeValue,
} from 'milana-js';
import { CLIENT_KEY, mockIngest, PRODUCT_ID, SESSION_INFO } from './ingest';

it('builds init options, integrations and event attributes with the 1.0.x type names', async () => {
  const { sent } = mockIngest({ session: { sampled: false, sessionId: 'ses_types' } });
  const level: PrivacyMaskingLevel = 'high';
  const privacy: InitPrivacyOptions = { maskingLevel: level };
  const integrations: IntegrationName[] = ['posthog'];
  const options: PublicInitOptions = { privacy, integrations: [] };
  const posthog: PostHogIntegrationState = { sessionId: 'ph_1', distinctId: 'd_1' };
  const sentry: SentryIntegrationState = { replayId: 'r_1' };
  const plan: TrackEventAttributeValue = 'pro';

  const milana = createMilana();
  expect(await milana.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, options)).toEqual({
    success: true,
  });
  expect(await milana.updateSession({ integrations: { posthog, sentry } })).toEqual({
    success: true,
  });
  milana.trackEvent('plan_chosen', { plan });
  expect(integrations).toEqual(['posthog']);
  await vi.waitFor(() =>
    expect(sent.find((r) => r.path === '/update')?.body).toEqual({
      session: { integrations: { posthog, sentry } },
    }),
  );
  await milana.stopRecording();
});
