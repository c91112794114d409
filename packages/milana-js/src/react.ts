/**
 * `milana-js/react`: `MilanaProvider`, `useMilana`, `useMilanaOptional`, `useMilanaState` and
 * `MilanaContext`, re-exported from `@milana-js/react`. The built files start with
 * `"use client"` (added by the build) so React server component frameworks treat them as client
 * modules.
 *
 * @example
 * ```tsx
 * import { MilanaProvider, useMilana } from 'milana-js/react';
 *
 * <MilanaProvider productId="prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC" clientKey="key_pub_5c1a77"
 *   sessionInfo={{ environment: 'production', version: '4.2.0' }}>
 *   <App />
 * </MilanaProvider>;
 * ```
 * @packageDocumentation
 */
export * from '@milana-js/react';
