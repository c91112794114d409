import type { Consent } from 'milana-js';
import { MilanaProvider } from 'milana-js/react';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { CONSENT_KEY, ConsentBanner, storedConsent } from './ConsentBanner';
import { CLIENT_KEY, MILANA_OPTIONS, PRODUCT_ID, SESSION_INFO } from './milana-config';

function Root() {
  // Pending until the visitor answers; the answer is kept for the next visit.
  const [consent, setConsent] = useState<Consent>(storedConsent);
  const answer = (value: Consent) => {
    localStorage.setItem(CONSENT_KEY, value);
    setConsent(value);
  };
  // The provider starts exactly one session, also under StrictMode's double mount. Of its props
  // only `consent` is honoured after mount: the banner's answer goes to setConsent().
  return (
    <MilanaProvider
      productId={PRODUCT_ID}
      clientKey={CLIENT_KEY}
      sessionInfo={SESSION_INFO}
      options={MILANA_OPTIONS}
      consent={consent}
    >
      <ConsentBanner consent={consent} onAnswer={answer} />
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </MilanaProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
