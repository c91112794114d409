import { describe, expect, it } from 'vitest';
import { timelineEntry } from '../src/store/timeline.js';

describe('timelineEntry', () => {
  it('classifies each Milana custom event type (§17.2)', () => {
    const kinds = [
      { type: 1, name: 'report.exported', attributes: {} },
      { type: 2, name: 'pushstate', attributes: { url: 'https://a.test/b' } },
      { type: 3, name: 'replacestate', attributes: { url: 'https://a.test/b?x=1' } },
      { type: 4, visibilityState: 'visible' },
      { type: 5, hasFocus: false },
    ].map((payload) => timelineEntry({ type: 5, timestamp: 1, data: { tag: 'V', payload } }));
    expect(kinds.map((e) => `${e?.kind}:${e?.name}`)).toEqual([
      'track:report.exported',
      'url:pushstate',
      'query:replacestate',
      'visibility:visible',
      'focus:blur',
    ]);
  });

  it('indexes plugin events by plugin name (§17.3)', () => {
    const entry = timelineEntry({
      type: 6,
      timestamp: 7,
      data: { plugin: 'milana/clipboard@1', payload: { action: 'copy', nodeId: 3, length: 4 } },
    });
    expect(entry).toEqual({
      timestamp: 7,
      kind: 'plugin',
      name: 'milana/clipboard@1',
      data: { action: 'copy', nodeId: 3, length: 4 },
    });
  });

  it('leaves snapshots, incremental events and unknown Milana types off the timeline', () => {
    expect(timelineEntry({ type: 2, timestamp: 1, data: { node: {} } })).toBeUndefined();
    expect(timelineEntry({ type: 3, timestamp: 1, data: { source: 1 } })).toBeUndefined();
    expect(
      timelineEntry({ type: 5, timestamp: 1, data: { tag: 'V', payload: { type: 99 } } }),
    ).toBeUndefined();
  });
});
