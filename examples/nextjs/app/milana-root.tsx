'use client';

import { MilanaProvider } from 'milana-js/react';
import type { ReactNode } from 'react';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO } from './milana-config';

/**
 * The provider must live in a client component. It renders its children on the server as usual
 * and starts the session only in the browser, once, after hydration.
 */
export function MilanaRoot({ endpoint, children }: { endpoint: string; children: ReactNode }) {
  return (
    <MilanaProvider
      productId={PRODUCT_ID}
      clientKey={CLIENT_KEY}
      sessionInfo={SESSION_INFO}
      // Anything with the class milana-mask is masked before it leaves the browser.
      options={{ endpoint, privacy: { maskInputClass: 'milana-mask' } }}
    >
      {children}
    </MilanaProvider>
  );
}
