import type {
  InitOptions,
  PrivacyOptions,
  SessionIntegrations,
  TrackEventAttributes,
} from './types';

/**
 * Type names that apps written against milana-js 1.0.x import (api.md, "Types"). They are
 * aliases of the types above, so both spellings stay interchangeable; types only, no code.
 */

/** Same as `InitOptions`. */
export type PublicInitOptions = InitOptions;
/** Same as `PrivacyOptions`. */
export type InitPrivacyOptions = PrivacyOptions;
/** `"normal" | "high" | "xhigh"`: the values of `privacy.maskingLevel`. */
export type PrivacyMaskingLevel = NonNullable<PrivacyOptions['maskingLevel']>;
/** `"sentry" | "posthog"`: the tools the `integrations` init option links. */
export type IntegrationName = NonNullable<InitOptions['integrations']>[number];
/** The PostHog ids linked to a session (`SessionIntegrations['posthog']`). */
export type PostHogIntegrationState = NonNullable<SessionIntegrations['posthog']>;
/** The Sentry ids linked to a session (`SessionIntegrations['sentry']`). */
export type SentryIntegrationState = NonNullable<SessionIntegrations['sentry']>;
/** One value of `trackEvent` attributes: a string, number, boolean or `null`. */
export type TrackEventAttributeValue = TrackEventAttributes[string];
