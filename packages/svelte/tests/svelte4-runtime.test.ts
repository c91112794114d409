import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTestServer } from '@milana-js/test-server';
import type { MilanaClient } from '@milana-js/core';
import { type MilanaStore } from '../src/index';
import {
  expectRenderFollowsSession,
  createTestClient,
  deferredStore,
  mountSvelte4,
  type Svelte4ComponentClass,
} from './helpers';

// A real Svelte 4 compiler and runtime (the `svelte4` alias of svelte@4), not Svelte 5 compiling
// legacy syntax. The store module still imports Svelte 5's `svelte/store`: a Svelte 4 component
// only relies on the store contract (`subscribe` returning an unsubscribe function).
//
// The compiler is loaded through `require` and typed here, because Svelte 4's type file declares
// the `svelte` modules globally and would clash with Svelte 5's types in this package.
interface Svelte4Compiler {
  VERSION: string;
  compile(
    source: string,
    options: { filename: string; generate: 'dom'; sveltePath: string; discloseVersion: boolean },
  ): { js: { code: string }; warnings: { message: string }[] };
}

const load = createRequire(import.meta.url);
const svelte4 = load('svelte4/compiler') as Svelte4Compiler;

/**
 * Compiles a component with Svelte 4 and loads it. The compiled module imports the runtime from
 * `svelte4/internal`; those specifiers are turned into file URLs so the module can be loaded from
 * a data: URL, with no generated file on disk.
 */
async function compileWithSvelte4(file: string): Promise<Svelte4ComponentClass> {
  const path = fileURLToPath(import.meta.url).replace(/[^/\\]+$/, file);
  const { js, warnings } = svelte4.compile(readFileSync(path, 'utf8'), {
    filename: file,
    generate: 'dom',
    sveltePath: 'svelte4',
    discloseVersion: false,
  });
  expect(warnings.map((w) => w.message)).toEqual([]);
  const code = js.code.replace(
    /from "(svelte4\/[^"]+)"/g,
    (_, specifier: string) => `from ${JSON.stringify(pathToFileURL(load.resolve(specifier)).href)}`,
  );
  expect(code).not.toMatch(/from "svelte[/"]/); // nothing may fall back to Svelte 5
  const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
  const module = (await import(/* @vite-ignore */ url)) as { default: Svelte4ComponentClass };
  return module.default;
}

/**
 * Svelte 4's `tick()`, from the same runtime module the compiled components import: it resolves
 * once that runtime has flushed its pending component updates.
 */
async function svelte4Tick(): Promise<void> {
  const internal = pathToFileURL(load.resolve('svelte4/internal')).href;
  const runtime = (await import(/* @vite-ignore */ internal)) as { tick: () => Promise<void> };
  await runtime.tick();
}

const server = setupTestServer({ beforeAll, afterAll, beforeEach });
let Svelte4Reader: Svelte4ComponentClass;
beforeAll(async () => {
  Svelte4Reader = await compileWithSvelte4('Svelte4Reader.svelte');
});
afterEach(() => {
  document.body.innerHTML = '';
});

const deferred = (client: MilanaClient) => deferredStore(client, server().url);

const mount = (milana: MilanaStore) => mountSvelte4(Svelte4Reader, { milana });

describe('the Milana store in a component compiled and run by Svelte 4', () => {
  it('uses the compiler and runtime of svelte@4.2.20, not Svelte 5', () => {
    expect(svelte4.VERSION).toBe('4.2.20');
    expect(load('svelte4/package.json')).toMatchObject({ name: 'svelte', version: '4.2.20' });
  });

  it('shows the initial state, then follows the session as it starts and stops', async () => {
    const { client, listeners } = createTestClient();
    const milana = deferred(client);
    const { component, text } = mount(milana);
    expect(listeners()).toBe(1);
    await expectRenderFollowsSession(client, milana, {
      status: () => text('svelte4-status'),
      ready: () => text('svelte4-ready'),
    });

    component.$destroy();
  });

  it('releases the store when destroyed, and its DOM no longer changes', async () => {
    const { client, listeners } = createTestClient();
    const milana = deferred(client);
    const first = mount(milana);
    const second = mount(milana);
    expect(listeners()).toBe(1); // one core listener, shared by both components

    first.component.$destroy();
    expect(listeners()).toBe(1);
    expect(first.target.innerHTML).toBe('');

    const status = second.target.querySelector('[data-testid="svelte4-status"]')!;
    second.component.$destroy();
    expect(listeners()).toBe(0);
    expect(status.isConnected).toBe(false);

    // The session starts after the components are gone: nothing of theirs follows it.
    await milana.initialize();
    expect(client.getState().status).toBe('recording');
    await svelte4Tick(); // a pending Svelte 4 update would be flushed now
    expect(status.textContent).toBe('idle');
    expect(second.target.innerHTML).toBe('');
    expect(listeners()).toBe(0);
  });
});
