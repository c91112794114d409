import type {
  IdentifyInput,
  InitOptions,
  SessionInfo,
  SessionUpdate,
  TrackEventAttributes,
  UpdatePayload,
  UserUpdate,
} from '@milana-js/core';

/** The consent decisions `setConsent` takes. */
export type MockConsent = 'granted' | 'denied';

/**
 * One recorded call, in the format apps' tests written for milana-js 1.0.x read (api.md,
 * "Testing"): `args` is the call's single argument as given, an object naming the arguments of
 * `init` and `trackEvent`, and absent for calls without arguments.
 */
export type MockMilanaCall =
  | {
      method: 'init';
      args: {
        productId: string;
        clientKey: string;
        sessionInfo: SessionInfo;
        options?: InitOptions;
      };
    }
  | { method: 'identify'; args: IdentifyInput }
  | { method: 'updateUser'; args: UserUpdate }
  | { method: 'updateSession'; args: SessionUpdate }
  | { method: 'update'; args: UpdatePayload }
  | { method: 'trackEvent'; args: { eventName: string; attributes?: TrackEventAttributes } }
  | { method: 'setConsent'; args: MockConsent }
  // `args?: undefined` rather than no key at all, so `call.args` reads on any entry type-check.
  | { method: 'initialize' | 'stopRecording' | 'initCrossOriginIframe'; args?: undefined };

/** The client calls a mock records (reads such as `getState` and `subscribe` are not recorded). */
export type MockMethod = MockMilanaCall['method'];

/** @deprecated the earlier name of `MockMilanaCall`. */
export type MockCall = MockMilanaCall;
