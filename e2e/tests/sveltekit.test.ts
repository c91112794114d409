import { expect, it } from 'vitest';
import { describeDemoFlow } from '../src/demo-suite.js';

describeDemoFlow(
  'sveltekit',
  { showsState: true, homePath: '/', accountPath: '/account' },
  ({ url }) => {
    it('renders the account page on the server, with the SDK idle there', async () => {
      const html = await (await fetch(`${url}/account`)).text();
      expect(html).toContain('data-testid="page-account"');
      expect(html).toContain('data-testid="card-number"');
      expect(html).toMatch(/data-testid="milana-status"[^>]*>idle</);
    });
  },
);
