import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError } from '../http/http-error.js';
import { sendFile, sendJson } from '../http/respond.js';

/** The inspector's files: a fixed list, so no request path ever reaches the file system. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/assets/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/assets/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/assets/replay.js': { file: 'replay.js', type: 'text/javascript; charset=utf-8' },
  '/assets/replay.css': { file: 'replay.css', type: 'text/css; charset=utf-8' },
};

/**
 * Folders that may hold the inspector files. The build copies them to `dist/inspector`; when the
 * server runs from source (tests), the sources in `inspector/` and a built replay bundle in
 * `dist/inspector` are found relative to this module instead.
 */
function candidateDirs(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  return [
    join(here, 'inspector'),
    join(here, '..', '..', 'inspector'),
    join(here, '..', '..', 'dist', 'inspector'),
  ];
}

/** Finds an inspector file on disk, or `undefined`. */
export function findInspectorFile(
  name: string,
  dirs: readonly string[] = candidateDirs(),
): string | undefined {
  for (const dir of dirs) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** True when the path is one of the inspector's files. */
export function isInspectorPath(pathname: string): boolean {
  return Object.hasOwn(FILES, pathname);
}

/** Serves an inspector file, or a JSON 404 when it was not built. */
export function serveInspectorFile(
  pathname: string,
  res: ServerResponse,
  dirs?: readonly string[],
): void {
  const entry = FILES[pathname];
  const path = entry ? findInspectorFile(entry.file, dirs) : undefined;
  if (!entry || !path) {
    const failure = new HttpError(
      404,
      'NOT_FOUND',
      `${pathname} is missing; run "pnpm --filter @milana-js/dev-server build"`,
    );
    sendJson(res, 404, failure.toBody());
    return;
  }
  res.setHeader('X-Content-Type-Options', 'nosniff');
  sendFile(res, entry.type, readFileSync(path));
}
