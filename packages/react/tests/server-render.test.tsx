// @vitest-environment node
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MilanaProvider, useMilana, useMilanaState } from '../src/index';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

function Page() {
  const { isInitialized } = useMilana();
  const status = useMilanaState((s) => s.status);
  const user = useMilanaState((s) => s.user);
  return (
    <main>{`ready=${String(isInitialized)} status=${status} user=${JSON.stringify(user)}`}</main>
  );
}

describe.each([
  { mode: 'without StrictMode', strict: false },
  { mode: 'under StrictMode', strict: true },
])('server rendering $mode', ({ strict }) => {
  it('renders the anonymous state with no warning, request or browser global', () => {
    const error = vi.spyOn(console, 'error');
    const warn = vi.spyOn(console, 'warn');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const page = (
      <MilanaProvider
        productId={PRODUCT_ID}
        clientKey={CLIENT_KEY}
        sessionInfo={SESSION_INFO}
        options={{ endpoint: 'http://127.0.0.1:9' }}
      >
        <Page />
      </MilanaProvider>
    );
    const html = renderToString(strict ? <StrictMode>{page}</StrictMode> : page);
    expect(html).toContain('ready=false');
    expect(html).toContain('status=idle');
    expect(html).toContain('user=null');
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });
});
