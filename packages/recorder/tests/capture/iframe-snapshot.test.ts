import { record } from '@rrweb/record';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SNAPSHOT_REQUEST,
  answerSnapshotRequests,
  requestIframeSnapshots,
} from '../../src/capture/iframe-snapshot.js';

let stop: (() => void) | undefined;

afterEach(() => {
  stop?.();
  stop = undefined;
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('iframe snapshot handshake', () => {
  it('asks every iframe of the page for a snapshot', () => {
    document.body.innerHTML = '<iframe id="a"></iframe><iframe id="b"></iframe>';
    const posts = Array.from(document.querySelectorAll('iframe')).map((iframe) =>
      vi.spyOn(iframe.contentWindow!, 'postMessage').mockImplementation(() => undefined),
    );
    requestIframeSnapshots();
    for (const post of posts) expect(post).toHaveBeenCalledWith({ type: SNAPSHOT_REQUEST }, '*');
  });

  it('takes a checkout snapshot when the parent window asks', () => {
    const take = vi.spyOn(record, 'takeFullSnapshot').mockImplementation(() => undefined);
    stop = answerSnapshotRequests();
    window.dispatchEvent(
      new MessageEvent('message', { data: { type: SNAPSHOT_REQUEST }, source: window.parent }),
    );
    expect(take).toHaveBeenCalledWith(true);
  });

  it('ignores other messages and messages from other windows', () => {
    const take = vi.spyOn(record, 'takeFullSnapshot').mockImplementation(() => undefined);
    stop = answerSnapshotRequests();
    window.dispatchEvent(
      new MessageEvent('message', { data: { type: 'rrweb' }, source: window.parent }),
    );
    window.dispatchEvent(
      new MessageEvent('message', { data: { type: SNAPSHOT_REQUEST }, source: null }),
    );
    window.dispatchEvent(new MessageEvent('message', { data: 'text', source: window.parent }));
    expect(take).not.toHaveBeenCalled();
  });

  it('swallows the error rrweb throws when it is not recording yet', () => {
    vi.spyOn(record, 'takeFullSnapshot').mockImplementation(() => {
      throw new Error('please take full snapshot after start recording');
    });
    stop = answerSnapshotRequests();
    expect(() =>
      window.dispatchEvent(
        new MessageEvent('message', { data: { type: SNAPSHOT_REQUEST }, source: window.parent }),
      ),
    ).not.toThrow();
  });
});
