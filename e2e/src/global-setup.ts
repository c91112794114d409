import { startDevServer } from '@milana-js/dev-server';
import type { TestProject } from 'vitest/node';
import { buildAndServe, EXAMPLE_NAMES, type ExampleName } from './examples.js';
import type { Service } from './processes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the dev server: ingest endpoint and `/api/`. */
    devServerUrl: string;
    /** Where each example is served. */
    exampleUrls: Record<ExampleName, string>;
  }
}

/**
 * Starts one in-memory dev server, builds every example against it (once, one at a time: two
 * cores), serves each on a free port, and stops everything when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const devServer = await startDevServer({ port: 0, memory: true, quiet: true });
  const services: Service[] = [];
  const teardown = async () => {
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    await devServer.close();
  };
  const exampleUrls = {} as Record<ExampleName, string>;
  try {
    // MILANA_E2E_EXAMPLES=react-vite,vanilla builds and serves only those (for one test file).
    const only = process.env.MILANA_E2E_EXAMPLES?.split(',');
    for (const name of EXAMPLE_NAMES.filter((n) => !only || only.includes(n))) {
      const started = Date.now();
      const service = await buildAndServe(name, devServer.url);
      services.push(service);
      exampleUrls[name] = service.url;
      console.log(
        `e2e: ${name} built and served at ${service.url} (${Math.round((Date.now() - started) / 1000)} s)`,
      );
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('devServerUrl', devServer.url);
  project.provide('exampleUrls', exampleUrls);
  return teardown;
}
