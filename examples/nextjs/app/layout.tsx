import Link from 'next/link';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { DemoControls } from './demo-controls';
import { DEFAULT_ENDPOINT } from './milana-config';
import { MilanaRoot } from './milana-root';

// A data: icon so the browser does not request a favicon the demo does not have.
export const metadata = { title: 'Milana · Next.js example', icons: { icon: 'data:,' } };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Render per request so MILANA_ENDPOINT is read when the server runs, not baked in at build.
  await connection();
  const endpoint = process.env.MILANA_ENDPOINT || DEFAULT_ENDPOINT;
  return (
    <html lang="en">
      <body>
        <MilanaRoot endpoint={endpoint}>
          <main>
            <h1>Milana · Next.js</h1>
            <nav>
              <Link href="/" data-testid="nav-home">
                Home
              </Link>{' '}
              <Link href="/account" data-testid="nav-account">
                Account
              </Link>
            </nav>
            <DemoControls />
            {children}
          </main>
        </MilanaRoot>
      </body>
    </html>
  );
}
