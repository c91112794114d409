import type { Consent } from 'milana-js';

/** Where this demo keeps the visitor's answer; a real app uses its consent platform instead. */
export const CONSENT_KEY = 'demo-consent';

/** The stored answer, or `pending` when the visitor has not answered yet. */
export function storedConsent(): Consent {
  const value = localStorage.getItem(CONSENT_KEY);
  return value === 'granted' || value === 'denied' ? value : 'pending';
}

/**
 * A minimal consent banner. Until the visitor answers, `MilanaProvider` gets `consent="pending"`:
 * nothing is sent or stored, and calls such as "Sign in" wait in memory. Accept starts the
 * session and delivers them; Decline (also later, as a withdrawal) stops without sending.
 */
export function ConsentBanner(props: { consent: Consent; onAnswer: (answer: Consent) => void }) {
  const { consent, onAnswer } = props;
  return (
    <aside data-testid="consent-banner">
      {consent === 'pending'
        ? 'May we record this visit to improve the product? '
        : `Session recording ${consent === 'granted' ? 'allowed' : 'declined'}. `}
      <button
        data-testid="consent-accept"
        disabled={consent === 'granted'}
        onClick={() => onAnswer('granted')}
      >
        Accept
      </button>{' '}
      <button
        data-testid="consent-decline"
        disabled={consent === 'denied'}
        onClick={() => onAnswer('denied')}
      >
        Decline
      </button>
    </aside>
  );
}
