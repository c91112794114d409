// The CommonJS side of the type check: under node16 this file resolves the `require` types.
import { identify, init, type Result } from 'milana-js';
import { createMockMilana } from 'milana-js/testing';

export async function fromCommonJs(): Promise<Result> {
  await init('prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_pub_5c1a77', {
    environment: 'production',
    version: '4.2.0',
  });
  createMockMilana().trackEvent('cjs');
  return identify({ userId: 'u_1042', email: 'dana@example.org' });
}
