import { useState } from 'react';

/**
 * Three things a real app does on a bad day, so the inspector has something to show beside the
 * replay: the example turns on the SDK's context capture (`capture` in milana-config.ts).
 */
export function ContextDemo() {
  const [outcome, setOutcome] = useState('none');
  return (
    <section>
      <p>
        Context capture: <span data-testid="context-result">{outcome}</span>
      </p>
      <button
        data-testid="log-error"
        onClick={() => {
          console.error('Demo: payment failed', { orderId: 'ord_1042', reason: 'card_declined' });
          setOutcome('logged an error');
        }}
      >
        Log an error
      </button>
      <button
        data-testid="call-failing-endpoint"
        onClick={() => {
          // No such endpoint on this server: it answers 404.
          void fetch('/api/checkout', { method: 'POST', body: '{"cart":3}' }).then((response) =>
            setOutcome(`endpoint answered ${response.status}`),
          );
        }}
      >
        Call a failing endpoint
      </button>
      <button
        data-testid="throw-error"
        onClick={() => {
          setOutcome('threw an error');
          // React does not catch errors thrown in event handlers: this one is uncaught.
          throw new Error('Demo: unhandled error from a button');
        }}
      >
        Throw an error
      </button>
    </section>
  );
}
