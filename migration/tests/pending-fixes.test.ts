// Point 3 at compile time: `maskInputTypes: { url: true }` must type-check. Kept apart (with the
// app suite's pending-fixes.test.ts) because that fix lands from another branch.
import { expect, it } from 'vitest';
import { tsc } from './work';

it("type-checks the pending points' app tests (maskInputTypes object form, RegExp classes)", async () => {
  await expect(tsc('app', 'tsconfig.json')).resolves.toBeDefined();
});
