import { describe, expect, it } from 'vitest';
import { resolveCapture } from '../../src/context/options.js';
import { fakeLog } from '../capture/fake-log.js';

describe('resolveCapture', () => {
  it('is undefined (nothing loaded) when capture is absent or all off', () => {
    const log = fakeLog();
    expect(resolveCapture({}, log)).toBeUndefined();
    expect(resolveCapture({ capture: { console: false, network: false } }, log)).toBeUndefined();
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('applies the defaults for true', () => {
    expect(
      resolveCapture({ capture: { console: true, network: true, errors: true } }, fakeLog()),
    ).toEqual({
      console: { levels: ['warn', 'error'] },
      network: { headers: [], bodies: false, ignoreUrls: [] },
      errors: true,
    });
  });

  it('never keeps credential headers, even when listed', () => {
    const resolved = resolveCapture(
      { capture: { network: { headers: ['Authorization', 'Cookie', 'Set-Cookie', 'X-Trace'] } } },
      fakeLog(),
    );
    expect(resolved?.network?.headers).toEqual(['x-trace']);
    const defaults = resolveCapture({ capture: { network: { headers: true } } }, fakeLog());
    expect(defaults?.network?.headers).toContain('content-type');
    expect(defaults?.network?.headers).not.toContain('authorization');
  });

  it('turns bodies off at maskingLevel xhigh with one Milana line', () => {
    const log = fakeLog();
    const resolved = resolveCapture(
      { privacy: { maskingLevel: 'xhigh' }, capture: { network: { bodies: true } } },
      log,
    );
    expect(resolved?.network?.bodies).toBe(false);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]![0]).toMatch(/options\.capture\.network\.bodies .*xhigh/);
  });

  it.each([
    [{ console: 'yes' }, /options\.capture\.console must be/],
    [{ console: { levels: ['shout'] } }, /options\.capture\.console\.levels must be/],
    [{ network: { headers: 'all' } }, /options\.capture\.network\.headers must be/],
    [{ network: { ignoreUrls: [''] } }, /options\.capture\.network\.ignoreUrls must be/],
    [{ errors: 1 }, /options\.capture\.errors must be a boolean/],
    ['everything', /options\.capture must be an object; all capture is off/],
  ])('bad %o: one warning and that part off', (capture, line) => {
    const log = fakeLog();
    expect(resolveCapture({ capture } as never, log)).toBeUndefined();
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]![0]).toMatch(line);
  });

  it('keeps the valid parts when one is bad, and strips g/y from ignore patterns', () => {
    const log = fakeLog();
    const resolved = resolveCapture(
      { capture: { console: 3, network: { ignoreUrls: [/health/gi] } } } as never,
      log,
    );
    expect(resolved?.console).toBeUndefined();
    const pattern = resolved?.network?.ignoreUrls[0] as RegExp;
    expect(pattern.flags).toBe('i');
    expect([pattern.test('/HEALTH'), pattern.test('/health')]).toEqual([true, true]);
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('survives a throwing getter', () => {
    const capture = {
      get network() {
        throw new Error('boom');
      },
      errors: true,
    };
    expect(resolveCapture({ capture } as never, fakeLog())).toEqual({ errors: true });
  });
});
