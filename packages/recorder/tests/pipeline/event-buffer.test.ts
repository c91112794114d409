import { describe, expect, it } from 'vitest';
import { envelopeOf, EventBuffer, oldestWithin } from '../../src/pipeline/event-buffer.js';

const a = '{"type":3,"data":{},"timestamp":100}';
const b = '{"type":3,"data":{"é":1},"timestamp":200}';
const sized = (n: number, chars: number) => {
  const bare = `{"n":${n},"p":""}`;
  return bare.replace('"p":""', `"p":"${'x'.repeat(chars - bare.length)}"`);
};

describe('EventBuffer', () => {
  it('tracks the total chars of the serialised events it holds', () => {
    const buffer = new EventBuffer();
    buffer.push(a, 100);
    buffer.push(b, 200);
    expect(buffer.count).toBe(2);
    expect(buffer.chars).toBe(a.length + b.length);
    expect(buffer.lastSeq).toBe(2);
  });

  it('uses the first event timestamp as batchStartedAt', () => {
    const buffer = new EventBuffer();
    buffer.push(a, 100);
    buffer.push(b, 200);
    expect(JSON.parse(envelopeOf(buffer.all(), { kind: 'regular' }, 999)).batchStartedAt).toBe(100);
  });

  it('uses the send time as batchStartedAt when it carries no event', () => {
    expect(envelopeOf([], { kind: 'client-abort' }, 999)).toBe(
      '{"version":1,"batchStartedAt":999,"isClientAbort":true,"clientAbortReason":"CLIENT_STOPPED","events":[]}',
    );
  });

  it('takes whole events oldest first up to the char cap, and one bigger event alone', () => {
    const buffer = new EventBuffer();
    buffer.push(sized(1, 40), 1);
    buffer.push(sized(2, 40), 2);
    buffer.push(sized(3, 40), 3);
    // Each event takes its JSON plus one comma of the body.
    expect(buffer.take(82).map((e) => e.seq)).toEqual([1, 2]);
    expect(buffer.take(81).map((e) => e.seq)).toEqual([1]);
    expect(buffer.take(10).map((e) => e.seq)).toEqual([1]);
    expect(buffer.take(1_000, 2).map((e) => e.seq)).toEqual([1, 2]);
    expect(oldestWithin([], 10)).toEqual([]);
  });

  it('acknowledges by sequence number, so events dropped meanwhile are not counted twice', () => {
    const buffer = new EventBuffer();
    for (let n = 1; n <= 4; n++) buffer.push(sized(n, 40), n);
    const sent = buffer.take(123);
    // The memory bound drops the two oldest while the send is in flight.
    expect(buffer.trimTo(80)).toBe(2);
    expect(buffer.ackThrough(sent.at(-1)!.seq)).toBe(1);
    expect(buffer.all().map((e) => e.seq)).toEqual([4]);
    expect(buffer.chars).toBe(40);
  });

  it('trims the oldest events until the total is within the bound', () => {
    const buffer = new EventBuffer();
    for (let n = 1; n <= 5; n++) buffer.push(sized(n, 100), n);
    expect(buffer.trimTo(500)).toBe(0);
    expect(buffer.trimTo(299)).toBe(3);
    expect(buffer.all().map((e) => e.seq)).toEqual([4, 5]);
    expect(buffer.chars).toBe(200);
  });

  it('empties completely on clear and keeps counting sequence numbers', () => {
    const buffer = new EventBuffer();
    buffer.push(a, 100);
    buffer.clear();
    expect(buffer.count).toBe(0);
    expect(buffer.chars).toBe(0);
    buffer.push(b, 200);
    expect(buffer.all()[0]!.seq).toBe(2);
  });
});
