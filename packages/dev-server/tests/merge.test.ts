import { describe, expect, it } from 'vitest';
import { keepUnlessDefined, mergeIntegrations, mergeMetadata } from '../src/store/merge.js';

describe('merge rules', () => {
  it('merges metadata shallowly with new keys winning and nested values replaced whole', () => {
    expect(mergeMetadata({ a: 1, n: { x: 1 } }, { b: 2, n: { y: 2 } })).toEqual({
      a: 1,
      b: 2,
      n: { y: 2 },
    });
    expect(mergeMetadata({ a: 1 }, undefined)).toEqual({ a: 1 });
  });

  it('replaces each integration vendor whole and keeps absent vendors', () => {
    expect(
      mergeIntegrations(
        { sentry: { replayId: 'a' }, posthog: { sessionId: 'p', distinctId: 'd' } },
        { posthog: { sessionId: 'q' } },
      ),
    ).toEqual({
      sentry: { replayId: 'a' },
      posthog: { sessionId: 'q' },
    });
  });

  it('never clears a field with undefined', () => {
    expect(keepUnlessDefined('old', undefined)).toBe('old');
    expect(keepUnlessDefined('old', 'new')).toBe('new');
  });
});
