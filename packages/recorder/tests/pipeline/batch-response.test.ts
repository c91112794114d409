import { describe, expect, it } from 'vitest';
import { batchVerdict } from '../../src/pipeline/batch-response.js';

describe('batchVerdict', () => {
  it('is a success for a 2xx answer with success true', () => {
    expect(
      batchVerdict({ reached: true, status: 200, json: { success: true, messageId: 'm' } }),
    ).toEqual({ kind: 'success' });
  });

  it('asks for a restart when success is false and shouldRestartSession is true', () => {
    const json = { success: false, shouldRestartSession: true, errorCode: 'SESSION_EXPIRED' };
    expect(batchVerdict({ reached: true, status: 200, json })).toEqual({ kind: 'restart' });
  });

  it('marks the session not sampled with the id from a SESSION_NOT_IDENTIFIED answer', () => {
    const json = {
      success: false,
      shouldRestartSession: false,
      errorCode: 'SESSION_NOT_IDENTIFIED',
      sessionId: 'sess_9',
    };
    expect(batchVerdict({ reached: true, status: 200, json })).toEqual({
      kind: 'not-sampled',
      sessionId: 'sess_9',
    });
  });

  it('retries on a network error, a non-2xx status, a non-JSON body and any other failure', () => {
    expect(batchVerdict({ reached: false, status: 0, json: undefined }).kind).toBe('retry');
    expect(batchVerdict({ reached: true, status: 500, json: undefined }).kind).toBe('retry');
    expect(batchVerdict({ reached: true, status: 200, json: undefined }).kind).toBe('retry');
    expect(batchVerdict({ reached: true, status: 200, json: 'ok' }).kind).toBe('retry');
    expect(batchVerdict({ reached: true, status: 200, json: { success: false } }).kind).toBe(
      'retry',
    );
    expect(
      batchVerdict({
        reached: true,
        status: 200,
        json: { success: false, errorCode: 'SESSION_NOT_IDENTIFIED' },
      }).kind,
    ).toBe('retry');
  });

  it('honours a restart request carried by a non-2xx JSON answer', () => {
    const json = { success: false, shouldRestartSession: true };
    expect(batchVerdict({ reached: true, status: 409, json })).toEqual({ kind: 'restart' });
  });

  it('retries a non-2xx answer whose JSON says anything but restart', () => {
    const json = { success: false, errorCode: 'SESSION_NOT_IDENTIFIED', sessionId: 'x' };
    expect(batchVerdict({ reached: true, status: 400, json }).kind).toBe('retry');
  });
});
