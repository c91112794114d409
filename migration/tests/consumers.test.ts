// Consumer apps built from the packed tarballs: a React-only app and a vanilla app type-check
// with skipLibCheck: false under moduleResolution bundler and node16, and the app suite's own
// test files type-check as an app's would.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsc, work } from './work';

describe.each(['react-app', 'vanilla-app'])('%s', (project) => {
  it('has neither vue nor svelte installed', () => {
    const modules = join(work(), project, 'node_modules');
    expect(existsSync(join(modules, 'milana-js'))).toBe(true);
    expect(existsSync(join(modules, 'vue'))).toBe(false);
    expect(existsSync(join(modules, 'svelte'))).toBe(false);
    if (project === 'vanilla-app') expect(existsSync(join(modules, 'react'))).toBe(false);
  });

  it.each(['bundler', 'node16'])('type-checks with skipLibCheck: false under %s', async (mode) => {
    await expect(tsc(project, `tsconfig.${mode}.json`)).resolves.toBeDefined();
  });
});

it("type-checks the app suite's test files against the packed types", async () => {
  await expect(tsc('app', 'tsconfig.json')).resolves.toBeDefined();
});
