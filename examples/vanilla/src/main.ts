// Named imports: tree-shaken, one default client per page.
import { identify, init, stopRecording, trackEvent, updateSession, updateUser } from 'milana-js';
import { CLIENT_KEY, DEMO_USER, MILANA_OPTIONS, PRODUCT_ID, SESSION_INFO } from './milana-config';
import { startRouter } from './router';
import { showLastResult, showStatus } from './status';

function button(testId: string): HTMLButtonElement {
  return document.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!;
}

// Every async call resolves { success } and never rejects, so no try/catch is needed.
async function run(label: string, call: () => Promise<{ success: boolean }>): Promise<void> {
  const { success } = await call();
  showLastResult(`${label}: ${success ? 'ok' : 'failed'}`);
}

button('sign-in').addEventListener('click', () => void run('identify', () => identify(DEMO_USER)));
button('upgrade-plan').addEventListener(
  'click',
  () =>
    void run('updateUser', () =>
      updateUser({ userId: DEMO_USER.userId, metadata: { plan: 'team' } }),
    ),
);
button('set-context').addEventListener(
  'click',
  () =>
    void run('updateSession', () =>
      updateSession({ metadata: { flow: 'onboarding', step: 'billing' } }),
    ),
);
button('track-event').addEventListener('click', () => {
  trackEvent('report.exported', { format: 'csv', rows: 120 });
  showLastResult('trackEvent: sent');
});
button('sign-out').addEventListener('click', () => void run('stopRecording', stopRecording));

showStatus();
startRouter(document.querySelector<HTMLElement>('#page')!);
// Calls made above, before the session is ready, are queued by the SDK; no await needed here.
void init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, MILANA_OPTIONS);
