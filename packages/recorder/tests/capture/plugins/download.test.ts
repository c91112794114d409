import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DOWNLOAD_PLUGIN,
  downloadHref,
  startDownloadPlugin,
} from '../../../src/capture/plugins/download.js';
import { fakeContext, type FakeContext } from './fake-context.js';

let ctx: FakeContext;
let stop: () => void;

beforeEach(() => {
  document.body.innerHTML = '<main id="app"></main>';
  ctx = fakeContext();
});

afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

/** MutationObserver callbacks run as microtasks; a macrotask turn delivers every pending batch. */
const mutationsDelivered = () => new Promise((resolve) => setTimeout(resolve, 0));

function anchor(href: string | null, download: string | null): HTMLAnchorElement {
  const a = document.createElement('a');
  if (href !== null) a.setAttribute('href', href);
  if (download !== null) a.setAttribute('download', download);
  return a;
}

/** The programmatic download pattern: append, click, remove, all in one task. */
function programmaticDownload(a: HTMLAnchorElement, parent: Element = document.body): void {
  parent.appendChild(a);
  a.remove();
}

describe('startDownloadPlugin', () => {
  it('emits the resolved href and file name when a download anchor is added to and removed from body in one batch', async () => {
    stop = startDownloadPlugin(ctx);
    programmaticDownload(anchor('/exports/report.csv', 'report.csv'));
    await mutationsDelivered();
    expect(ctx.emitted).toEqual([
      {
        plugin: 'milana/download@1',
        payload: {
          href: new URL('/exports/report.csv', location.href).href,
          downloadFilename: 'report.csv',
        },
      },
    ]);
    expect(DOWNLOAD_PLUGIN).toBe('milana/download@1');
  });

  it('names the file "(unknown file)" when the download attribute is empty', async () => {
    stop = startDownloadPlugin(ctx);
    programmaticDownload(anchor('blob:https://app.example/1234', ''));
    programmaticDownload(anchor('blob:https://app.example/5678', '   '));
    await mutationsDelivered();
    expect(ctx.emitted.map((e) => e.payload.downloadFilename)).toEqual([
      '(unknown file)',
      '(unknown file)',
    ]);
  });

  it('redacts the data of a data: URL after its first comma', async () => {
    stop = startDownloadPlugin(ctx);
    programmaticDownload(
      anchor('data:text/csv;charset=utf-8,name%2Cemail%0Aann,ann@x.org', 'a.csv'),
    );
    await mutationsDelivered();
    expect(ctx.emitted.map((e) => e.payload.href)).toEqual([
      'data:text/csv;charset=utf-8,[redacted]',
    ]);
  });

  it('cuts other hrefs to 2048 characters and leaves their query untouched', async () => {
    stop = startDownloadPlugin(ctx);
    const href = `https://files.example/f.zip?token=abc&pad=${'x'.repeat(3000)}`;
    programmaticDownload(anchor(href, 'f.zip'));
    await mutationsDelivered();
    const recorded = ctx.emitted[0]!.payload.href as string;
    expect(recorded).toHaveLength(2048);
    expect(recorded).toBe(href.slice(0, 2048));
    expect(recorded).toContain('token=abc');
  });

  it('ignores an anchor that stays in the document past the batch', async () => {
    stop = startDownloadPlugin(ctx);
    const a = anchor('/file.pdf', 'file.pdf');
    document.body.appendChild(a);
    await mutationsDelivered();
    a.remove();
    await mutationsDelivered();
    expect(ctx.emitted).toEqual([]);
  });

  it('ignores anchors without a download attribute and download anchors not directly under body', async () => {
    stop = startDownloadPlugin(ctx);
    programmaticDownload(anchor('/page', null));
    programmaticDownload(anchor('/file.pdf', 'file.pdf'), document.getElementById('app')!);
    await mutationsDelivered();
    expect(ctx.emitted).toEqual([]);
  });

  it('emits once per anchor even when it is appended and removed twice in one batch', async () => {
    stop = startDownloadPlugin(ctx);
    const a = anchor('/twice.txt', 'twice.txt');
    programmaticDownload(a);
    programmaticDownload(a);
    await mutationsDelivered();
    expect(ctx.emitted).toHaveLength(1);
  });

  it('waits for DOMContentLoaded when started before the body exists', async () => {
    const body = document.body;
    body.remove();
    stop = startDownloadPlugin(ctx);
    document.documentElement.append(body);
    programmaticDownload(anchor('/early.txt', 'early.txt'));
    await mutationsDelivered();
    expect(ctx.emitted).toEqual([]);
    document.dispatchEvent(new Event('DOMContentLoaded'));
    programmaticDownload(anchor('/late.txt', 'late.txt'));
    await mutationsDelivered();
    expect(ctx.emitted.map((e) => e.payload.downloadFilename)).toEqual(['late.txt']);
  });

  it('never starts observing when torn down before the body exists', async () => {
    const body = document.body;
    body.remove();
    stop = startDownloadPlugin(ctx);
    stop();
    document.documentElement.append(body);
    document.dispatchEvent(new Event('DOMContentLoaded'));
    programmaticDownload(anchor('/late.txt', 'late.txt'));
    await mutationsDelivered();
    expect(ctx.emitted).toEqual([]);
  });

  it('stops observing after teardown', async () => {
    stop = startDownloadPlugin(ctx);
    stop();
    stop();
    programmaticDownload(anchor('/late.txt', 'late.txt'));
    await mutationsDelivered();
    expect(ctx.emitted).toEqual([]);
  });
});

describe('downloadHref', () => {
  it('keeps a data: URL header up to and including the first comma, whatever the scheme case', () => {
    expect(downloadHref('data:,hello')).toBe('data:,[redacted]');
    expect(downloadHref('DATA:image/png;base64,iVBORw0KGgo=')).toBe(
      'DATA:image/png;base64,[redacted]',
    );
  });

  it('keeps only the scheme of a data: URL without a comma, since all of it may be payload', () => {
    expect(downloadHref('data:secret-bytes')).toBe('data:[redacted]');
  });

  it('returns hrefs of 2048 characters or fewer unchanged', () => {
    const href = `https://a.example/${'y'.repeat(2048 - 18)}`;
    expect(href).toHaveLength(2048);
    expect(downloadHref(href)).toBe(href);
    expect(downloadHref(`${href}z`)).toBe(href);
  });
});
