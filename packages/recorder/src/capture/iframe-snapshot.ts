import { record } from '@rrweb/record';

/**
 * A small handshake on top of rrweb's cross-origin iframe recording. rrweb's iframe recorder
 * posts its full snapshot once, when it starts; if the parent's recorder started later (it starts
 * at idle time too), or took a periodic checkout since, the parent stream has no snapshot of the
 * iframe and the replay shows it empty. So each time the parent takes a full snapshot it asks its
 * iframes for a fresh one, and the iframe recorder answers with a checkout.
 */
export const SNAPSHOT_REQUEST = 'milana:iframe-snapshot-request';

/** Parent side: ask every iframe of the document for a fresh full snapshot. */
export function requestIframeSnapshots(): void {
  for (const iframe of Array.from(document.querySelectorAll('iframe'))) {
    try {
      // '*' because the iframe's origin is by definition not ours; the message carries no data.
      iframe.contentWindow?.postMessage({ type: SNAPSHOT_REQUEST }, '*');
    } catch {
      // A detached or sandboxed frame simply does not get asked.
    }
  }
}

/** Iframe side: answer the parent's requests with a full snapshot. Returns the teardown. */
export function answerSnapshotRequests(): () => void {
  const onMessage = (event: MessageEvent): void => {
    if (event.source !== window.parent) return;
    const data: unknown = event.data;
    if (
      data === null ||
      typeof data !== 'object' ||
      (data as { type?: unknown }).type !== SNAPSHOT_REQUEST
    )
      return;
    try {
      record.takeFullSnapshot(true);
    } catch {
      // rrweb is not recording yet: its own start will post the first snapshot anyway.
    }
  };
  window.addEventListener('message', onMessage);
  return () => window.removeEventListener('message', onMessage);
}
