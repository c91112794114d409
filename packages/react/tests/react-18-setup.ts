import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';

// pnpm links the `react-dom-18` alias to React 19 as its peer, and Testing Library's CommonJS
// build requires plain `react`. Redirect those requires to the 18.3 copies so the React 18 run
// has exactly one React in the process.
const require = createRequire(import.meta.url);
const targets: Record<string, string> = {
  react: dirname(require.resolve('react-18/package.json')),
  'react-dom': dirname(require.resolve('react-dom-18/package.json')),
};
type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;
loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  const match = /^(react|react-dom)(\/.*)?$/.exec(request);
  const target = match ? `${targets[match[1]!]}${match[2] ?? ''}` : request;
  return original.call(this, target, ...rest);
};
