import { useMilana, useMilanaState } from 'milana-js/react';
import { useState } from 'react';
import { DEMO_USER } from './milana-config';

/** One button per SDK call; the last result is shown so you can see every call settle. */
export function DemoControls() {
  const { identify, updateUser, updateSession, trackEvent, stopRecording } = useMilana();
  const status = useMilanaState((state) => state.status);
  const sessionId = useMilanaState((state) => state.sessionId);
  const [lastResult, setLastResult] = useState('none');

  // Every async call resolves { success } and never rejects, so no try/catch is needed.
  const run = async (label: string, call: () => Promise<{ success: boolean }>) => {
    const { success } = await call();
    setLastResult(`${label}: ${success ? 'ok' : 'failed'}`);
  };

  return (
    <section>
      <p>
        Status: <strong data-testid="milana-status">{status}</strong> · Session:{' '}
        <code data-testid="session-id">{sessionId ?? '-'}</code> · Last call:{' '}
        <span data-testid="last-result">{lastResult}</span>
      </p>
      <button data-testid="sign-in" onClick={() => void run('identify', () => identify(DEMO_USER))}>
        Sign in as {DEMO_USER.name}
      </button>
      <button
        data-testid="upgrade-plan"
        onClick={() =>
          void run('updateUser', () =>
            updateUser({ userId: DEMO_USER.userId, metadata: { plan: 'team' } }),
          )
        }
      >
        Upgrade to the team plan
      </button>
      <button
        data-testid="set-context"
        onClick={() =>
          void run('updateSession', () =>
            updateSession({ metadata: { flow: 'onboarding', step: 'billing' } }),
          )
        }
      >
        Set session context
      </button>
      <button
        data-testid="track-event"
        onClick={() => {
          trackEvent('report.exported', { format: 'csv', rows: 120 });
          setLastResult('trackEvent: sent');
        }}
      >
        Export a report (tracked event)
      </button>
      <button data-testid="sign-out" onClick={() => void run('stopRecording', stopRecording)}>
        Sign out (stop recording)
      </button>
    </section>
  );
}
