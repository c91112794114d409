import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError } from '../http/http-error.js';
import { sendFile, sendJson } from '../http/respond.js';

/** The inspector's ES modules (`app.js` imports the rest); build-inspector.mjs copies the same. */
const INSPECTOR_MODULES = [
  'app.js',
  'dom.js',
  'lists.js',
  'session-view.js',
  'session-feed.js',
  'replay-panel.js',
  'timeline-panel.js',
  'context-panel.js',
];

/** The inspector's files: a fixed list, so no request path ever reaches the file system. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  ...Object.fromEntries(
    INSPECTOR_MODULES.map((file) => [
      `/assets/${file}`,
      { file, type: 'text/javascript; charset=utf-8' },
    ]),
  ),
  '/assets/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/assets/context-panel.css': { file: 'context-panel.css', type: 'text/css; charset=utf-8' },
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

const REMOTE = 'http: https:';

/**
 * The inspector's Content-Security-Policy. Recordings are untrusted: scripts come only from the
 * server itself, and the replay frame (an about:blank frame, which inherits this policy) cannot
 * fetch anything remote a recording names, so replaying a session does not tell other hosts it
 * was watched. `?remote=1` (the "load remote resources" button) allows remote images, styles,
 * fonts and media for that page load only; scripts stay local in both modes.
 */
export function inspectorCsp(remote: boolean): string {
  const extra = remote ? ` ${REMOTE}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    // rrweb rebuilds recorded <style> elements and style attributes inline.
    `style-src 'self' 'unsafe-inline'${extra}`,
    `img-src 'self' data: blob:${extra}`,
    `font-src 'self' data:${extra}`,
    `media-src 'self' data: blob:${extra}`,
    "connect-src 'self'",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Headers on every inspector file: the CSP, no framing, no referrer, no sniffing. */
export function setInspectorHeaders(res: ServerResponse, remote: boolean): void {
  res.setHeader('Content-Security-Policy', inspectorCsp(remote));
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  // <link rel=dns-prefetch> in a recording would otherwise resolve names the CSP cannot stop.
  res.setHeader('X-DNS-Prefetch-Control', 'off');
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
  url?: URL,
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
  setInspectorHeaders(res, url?.searchParams.get('remote') === '1');
  sendFile(res, entry.type, readFileSync(path));
}
