import type { PluginContext, PluginTeardown } from './context.js';
import { guard } from './plugin-kit.js';

/** Protocol name of the download plugin (§17.3); the server keys on it. */
export const DOWNLOAD_PLUGIN = 'milana/download@1';

/** Longest href kept (§17.3); longer ones are cut, never query-sanitised. */
export const MAX_DOWNLOAD_HREF_LENGTH = 2048;

const UNKNOWN_FILE = '(unknown file)';
const REDACTED = '[redacted]';

/**
 * The href as recorded: a `data:` URL keeps only its header up to and including the first comma
 * (the bytes themselves may be the user's data), followed by `[redacted]`; anything else is cut
 * to 2 048 characters. A `data:` URL without a comma is malformed and all of it may be payload, so
 * only the scheme is kept. The header itself is capped like any href.
 *
 * @example
 * ```ts
 * downloadHref('data:text/csv;base64,QUJD'); // 'data:text/csv;base64,[redacted]'
 * ```
 */
export function downloadHref(href: string): string {
  if (/^data:/i.test(href)) {
    const comma = href.indexOf(',');
    const head = comma === -1 ? href.slice(0, 5) : href.slice(0, comma + 1);
    return head.slice(0, MAX_DOWNLOAD_HREF_LENGTH) + REDACTED;
  }
  return href.slice(0, MAX_DOWNLOAD_HREF_LENGTH);
}

function isDownloadAnchor(node: Node): node is HTMLAnchorElement {
  return (
    node.nodeType === 1 &&
    (node as Element).localName === 'a' &&
    (node as Element).hasAttribute('download')
  );
}

function payloadOf(anchor: HTMLAnchorElement): Record<string, unknown> {
  // `.href` is the resolved absolute URL; fall back to the raw attribute in odd documents.
  const href = typeof anchor.href === 'string' ? anchor.href : (anchor.getAttribute('href') ?? '');
  const name = anchor.getAttribute('download') ?? '';
  return {
    href: downloadHref(href),
    downloadFilename: name.trim() === '' ? UNKNOWN_FILE : name,
  };
}

/**
 * Record programmatic downloads: the pattern `body.appendChild(a); a.click(); a.remove()` with an
 * `<a download>`. rrweb misses it because the anchor lives for less than one mutation batch, so
 * its snapshot never sees it. We watch only the direct children of `document.body` and emit when
 * one download anchor was both added and removed within a single MutationObserver batch.
 *
 * @example
 * ```ts
 * const stop = startDownloadPlugin(ctx);
 * // a.download = 'report.csv'; a.href = '/r.csv'; body.append(a); a.click(); a.remove() ->
 * //   { plugin: 'milana/download@1', payload: { href: 'https://app/r.csv', downloadFilename: 'report.csv' } }
 * stop();
 * ```
 */
export function startDownloadPlugin(ctx: PluginContext): PluginTeardown {
  const onMutations = guard(ctx, DOWNLOAD_PLUGIN, (records: MutationRecord[]) => {
    const added = new Set<HTMLAnchorElement>();
    const emitted = new Set<HTMLAnchorElement>();
    for (const record of records) {
      record.addedNodes.forEach((node) => {
        if (isDownloadAnchor(node)) added.add(node);
      });
      record.removedNodes.forEach((node) => {
        if (!isDownloadAnchor(node) || !added.has(node) || emitted.has(node)) return;
        // One event per anchor even if it is appended and removed again in the same batch.
        emitted.add(node);
        ctx.emitPlugin(DOWNLOAD_PLUGIN, payloadOf(node));
      });
    }
  });
  const observer = new MutationObserver(onMutations);
  let stopped = false;

  const observeBody = guard(ctx, DOWNLOAD_PLUGIN, () => {
    if (stopped || !document.body) return;
    observer.observe(document.body, { childList: true });
  });
  if (document.body) {
    observeBody();
  } else {
    // Started from a <head> script: the body does not exist yet.
    document.addEventListener('DOMContentLoaded', observeBody, { once: true });
  }

  return () => {
    if (stopped) return;
    stopped = true;
    document.removeEventListener('DOMContentLoaded', observeBody);
    observer.disconnect();
  };
}
