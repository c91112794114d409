/**
 * `milana-js`: the core calls and every public type.
 *
 * This entry re-exports `@milana-js/core` unchanged, so `import { identify } from 'milana-js'`
 * and `import * as milana from 'milana-js'` reach the same default client that the framework
 * subpaths use.
 *
 * @example
 * ```ts
 * import { init, identify } from 'milana-js';
 *
 * await init('prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_pub_5c1a77', { environment: 'production', version: '4.2.0' });
 * await identify({ userId: 'u_1042', email: 'dana@example.org' });
 * ```
 * @packageDocumentation
 */
export * from '@milana-js/core';
