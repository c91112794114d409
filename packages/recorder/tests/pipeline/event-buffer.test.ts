import { describe, expect, it } from 'vitest';
import { EventBuffer } from '../../src/pipeline/event-buffer.js';

const a = '{"type":3,"data":{},"timestamp":100}';
const b = '{"type":3,"data":{"é":1},"timestamp":200}';

describe('EventBuffer', () => {
  it('tracks the total chars of the serialised events it holds', () => {
    const buffer = new EventBuffer();
    buffer.push(a, 100);
    buffer.push(b, 200);
    expect(buffer.count).toBe(2);
    expect(buffer.chars).toBe(a.length + b.length);
  });

  it('uses the first event timestamp as batchStartedAt', () => {
    const buffer = new EventBuffer();
    buffer.push(a, 100);
    buffer.push(b, 200);
    expect(JSON.parse(buffer.body({ kind: 'regular' }, 999)).batchStartedAt).toBe(100);
  });

  it('uses the send time as batchStartedAt when it carries no event', () => {
    expect(new EventBuffer().body({ kind: 'client-abort' }, 999)).toBe(
      '{"version":1,"batchStartedAt":999,"isClientAbort":true,"clientAbortReason":"CLIENT_STOPPED","events":[]}',
    );
  });

  it('builds a body from only the first count events when asked', () => {
    const buffer = new EventBuffer();
    buffer.push(a, 100);
    buffer.push(b, 200);
    expect(buffer.body({ kind: 'regular' }, 999, 1)).toBe(
      `{"version":1,"batchStartedAt":100,"events":[${a}]}`,
    );
  });

  it('drops events from the front and keeps later ones with their chars', () => {
    const buffer = new EventBuffer();
    buffer.push(a, 100);
    buffer.push(b, 200);
    buffer.dropFront(1);
    expect(buffer.count).toBe(1);
    expect(buffer.chars).toBe(b.length);
    expect(JSON.parse(buffer.body({ kind: 'regular' }, 999)).batchStartedAt).toBe(200);
  });

  it('empties completely on clear', () => {
    const buffer = new EventBuffer();
    buffer.push(a, 100);
    buffer.clear();
    expect(buffer.count).toBe(0);
    expect(buffer.chars).toBe(0);
  });
});
