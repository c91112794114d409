import type { MilanaClient, MilanaState } from '@milana-js/core';

/** One call a fake client received: the method name and its arguments. */
export interface ReceivedCall {
  method: string;
  args: unknown[];
}

const IDLE: MilanaState = Object.freeze({
  status: 'idle',
  isInitialized: false,
  sessionId: null,
  sampled: null,
  user: null,
  session: null,
});

/**
 * A MilanaClient that records every call in `calls`. `failing` names methods that throw
 * synchronously, to exercise the script channel's error handling.
 */
export function createFakeClient(failing: string[] = []): MilanaClient & { calls: ReceivedCall[] } {
  const calls: ReceivedCall[] = [];
  const record =
    (method: string, result: unknown) =>
    (...args: unknown[]) => {
      calls.push({ method, args });
      if (failing.includes(method)) throw new Error(`${method} exploded`);
      return result;
    };
  const ok = Promise.resolve({ success: true });
  return {
    calls,
    init: record('init', ok),
    identify: record('identify', ok),
    updateUser: record('updateUser', ok),
    updateSession: record('updateSession', ok),
    update: record('update', ok),
    trackEvent: record('trackEvent', undefined),
    stopRecording: record('stopRecording', ok),
    setConsent: record('setConsent', undefined),
    initCrossOriginIframe: record('initCrossOriginIframe', undefined),
    getState: () => IDLE,
    subscribe: () => () => {},
    listen: () => () => {},
  } as MilanaClient & { calls: ReceivedCall[] };
}
