import { describe, expect, it } from 'vitest';
import { batchBody } from '../../src/pipeline/envelope.js';

const events = [
  '{"type":3,"data":{"source":2},"timestamp":10}',
  '{"type":5,"data":{"tag":"V"},"timestamp":11}',
];

describe('batchBody', () => {
  it('writes version, batchStartedAt, then events for a regular batch with no flags', () => {
    const body = batchBody(events, 10, { kind: 'regular' });
    expect(body).toBe(`{"version":1,"batchStartedAt":10,"events":[${events.join(',')}]}`);
    expect(Object.keys(JSON.parse(body))).toEqual(['version', 'batchStartedAt', 'events']);
  });

  it('puts isPageClose between batchStartedAt and events on the page-close ping', () => {
    const body = batchBody([], 1767225912345, { kind: 'page-close' });
    expect(body).toBe(
      '{"version":1,"batchStartedAt":1767225912345,"isPageClose":true,"events":[]}',
    );
    expect(body).not.toContain('isTruncated');
  });

  it('puts isClientAbort then clientAbortReason CLIENT_STOPPED before events on the client abort', () => {
    const body = batchBody(events.slice(0, 1), 10, { kind: 'client-abort' });
    expect(Object.keys(JSON.parse(body))).toEqual([
      'version',
      'batchStartedAt',
      'isClientAbort',
      'clientAbortReason',
      'events',
    ]);
    expect(JSON.parse(body)).toMatchObject({
      isClientAbort: true,
      clientAbortReason: 'CLIENT_STOPPED',
    });
  });

  it('embeds the pre-serialised event texts unchanged', () => {
    const body = batchBody(events, 10, { kind: 'regular' });
    expect(JSON.parse(body).events).toEqual(events.map((e) => JSON.parse(e)));
  });
});
