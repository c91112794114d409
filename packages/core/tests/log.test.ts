import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, readDebugFlag } from '../src/log';

function sink() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn() };
}

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('createLogger', () => {
  it('prefixes every debug, info and warn line with "Milana: " at its own level', () => {
    const out = sink();
    const log = createLogger(false, out);
    log.debug('a', 1);
    log.info('b');
    log.warn('c', { x: 1 });
    expect(out.debug).toHaveBeenCalledWith('Milana: a', 1);
    expect(out.info).toHaveBeenCalledWith('Milana: b');
    expect(out.warn).toHaveBeenCalledWith('Milana: c', { x: 1 });
  });

  it('prints trace lines as "Milana [debug]: <api>" with the arguments only in debug mode', () => {
    const quiet = sink();
    createLogger(false, quiet).trace('identify', { userId: 'u' });
    expect(quiet.debug).not.toHaveBeenCalled();

    const loud = sink();
    createLogger(true, loud).trace('identify', { userId: 'u' });
    expect(loud.debug).toHaveBeenCalledWith('Milana [debug]: identify', { userId: 'u' });
  });

  it('reads the global console at call time when no sink is given', () => {
    const log = createLogger(false);
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    log.warn('late');
    expect(spy).toHaveBeenCalledWith('Milana: late');
  });

  it('never throws when the console throws', () => {
    const broken = {
      debug: () => {
        throw new Error('no');
      },
      info: () => {
        throw new Error('no');
      },
      warn: () => {
        throw new Error('no');
      },
    };
    const log = createLogger(true, broken);
    expect(() => {
      log.debug('x');
      log.info('x');
      log.warn('x');
      log.trace('x', 1);
    }).not.toThrow();
  });

  it('never throws when console methods are missing', () => {
    const log = createLogger(true, {} as never);
    expect(() => log.warn('x')).not.toThrow();
  });
});

describe('readDebugFlag', () => {
  it('is true only for the exact string "true" under milana_debug_mode', () => {
    expect(readDebugFlag()).toBe(false);
    localStorage.setItem('milana_debug_mode', 'TRUE');
    expect(readDebugFlag()).toBe(false);
    localStorage.setItem('milana_debug_mode', '1');
    expect(readDebugFlag()).toBe(false);
    localStorage.setItem('milana_debug_mode', 'true');
    expect(readDebugFlag()).toBe(true);
  });

  it('is false when reading localStorage throws', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('SecurityError');
    });
    expect(readDebugFlag()).toBe(false);
  });

  it('is false when window.localStorage itself throws on access', () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new Error('SecurityError');
    });
    expect(readDebugFlag()).toBe(false);
  });
});
