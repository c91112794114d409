// Type-level tests, checked by `pnpm typecheck` (vue-tsc), which fails when a
// `@ts-expect-error` below stops being an error. Nothing here runs.
import { createApp } from 'vue';
import { expectTypeOf } from 'vitest';
import type { Result } from '@milana-js/core';
import { MilanaPlugin, type UseMilana } from '../src/index';

declare const milana: UseMilana;
interface Plan {
  [key: string]: string | number;
  plan: string;
}

expectTypeOf(milana.identify({ userId: 'u', email: 'e@example.com' })).toEqualTypeOf<
  Promise<Result>
>();
expectTypeOf(milana.trackEvent('x')).toEqualTypeOf<void>();
expectTypeOf(milana.isInitialized.value).toEqualTypeOf<boolean>();
expectTypeOf(milana.state.value.status).toEqualTypeOf<
  'idle' | 'awaiting-consent' | 'initializing' | 'recording' | 'not-sampled' | 'halted' | 'stopped'
>();
void milana.updateUser<Plan>({ userId: 'u', metadata: { plan: 'pro' } });

// @ts-expect-error a Date is not JSON metadata
void milana.identify({ userId: 'u', email: 'e@example.com', metadata: { at: new Date() } });
// @ts-expect-error narrowed metadata must match its type
void milana.updateUser<Plan>({ userId: 'u', metadata: { plan: 3 } });
// @ts-expect-error event attributes are flat scalars
milana.trackEvent('x', { nested: { a: 1 } });
// @ts-expect-error the refs are read-only
milana.isInitialized.value = true;
// @ts-expect-error the refs are read-only
milana.state.value = {} as typeof milana.state.value;

// @ts-expect-error productId is required
createApp({}).use(MilanaPlugin, {
  clientKey: 'key_test',
  sessionInfo: { environment: 'prod', version: '1' },
});
