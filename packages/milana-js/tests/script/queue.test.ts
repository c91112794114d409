import { describe, expect, it } from 'vitest';
import { installCommandChannel, type ScriptGlobals } from '../../src/script/queue';

function stubbedPage(): ScriptGlobals & {
  _milanaQueue: unknown[];
  Milana: (...args: unknown[]) => void;
} {
  const page = { _milanaQueue: [] as unknown[] } as ScriptGlobals & {
    _milanaQueue: unknown[];
    Milana: (...args: unknown[]) => void;
  };
  // The documented stub: every call becomes one flat array on the queue.
  page.Milana = (...args: unknown[]) => {
    page._milanaQueue.push(args);
  };
  return page;
}

describe('installCommandChannel', () => {
  it('replays the commands queued by the stub in order', () => {
    const page = stubbedPage();
    page.Milana('init', 'prd_x', 'key_y', {});
    page.Milana('identify', { userId: 'u_1' });
    page.Milana('trackEvent', 'opened');
    const seen: unknown[] = [];
    installCommandChannel(page, (command) => seen.push(command));
    expect(seen).toEqual([
      ['init', 'prd_x', 'key_y', {}],
      ['identify', { userId: 'u_1' }],
      ['trackEvent', 'opened'],
    ]);
  });

  it('makes Milana a plain function that dispatches at once, after the backlog', () => {
    const page = stubbedPage();
    page.Milana('identify', { userId: 'u_1' });
    const seen: unknown[] = [];
    installCommandChannel(page, (command) => seen.push(command));
    page.Milana('updateSession', { metadata: { a: 1 } });
    expect(seen).toEqual([
      ['identify', { userId: 'u_1' }],
      ['updateSession', { metadata: { a: 1 } }],
    ]);
    expect(Object.keys(page.Milana as object)).toEqual([]);
    expect(page.Milana()).toBeUndefined();
  });

  it('replaces _milanaQueue with an object whose push dispatches at once', () => {
    const page = stubbedPage();
    const seen: unknown[] = [];
    installCommandChannel(page, (command) => seen.push(command));
    expect(Array.isArray(page._milanaQueue)).toBe(false);
    (page._milanaQueue as unknown as { push(c: unknown): void }).push(['trackEvent', 'late']);
    expect(seen).toEqual([['trackEvent', 'late']]);
  });

  it('takes over a page that defined no stub', () => {
    const page: ScriptGlobals = {};
    const seen: unknown[] = [];
    expect(installCommandChannel(page, (command) => seen.push(command))).toBe(true);
    (page.Milana as (...args: unknown[]) => void)('stopRecording');
    expect(seen).toEqual([['stopRecording']]);
  });

  it('leaves the channel alone when another copy of the bundle already took it', () => {
    const page = stubbedPage();
    const first: unknown[] = [];
    const second: unknown[] = [];
    installCommandChannel(page, (command) => first.push(command));
    const milana = page.Milana;
    expect(installCommandChannel(page, (command) => second.push(command))).toBe(false);
    expect(page.Milana).toBe(milana);
    page.Milana('trackEvent', 'once');
    expect(first).toEqual([['trackEvent', 'once']]);
    expect(second).toEqual([]);
  });

  it('replays a copy of the backlog, so commands added to the old array meanwhile are not replayed twice', () => {
    const page = stubbedPage();
    page.Milana('trackEvent', 'a');
    const old = page._milanaQueue;
    const seen: unknown[] = [];
    installCommandChannel(page, (command) => {
      seen.push(command);
      old.push(['trackEvent', 'sneaked']);
    });
    expect(seen).toEqual([['trackEvent', 'a']]);
  });
});
