import { MilanaProvider } from 'milana-js/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { CLIENT_KEY, MILANA_OPTIONS, PRODUCT_ID, SESSION_INFO } from './milana-config';

// The provider starts exactly one session, also under StrictMode's double mount.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MilanaProvider
      productId={PRODUCT_ID}
      clientKey={CLIENT_KEY}
      sessionInfo={SESSION_INFO}
      options={MILANA_OPTIONS}
    >
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </MilanaProvider>
  </StrictMode>,
);
