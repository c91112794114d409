import { describe, expect, it } from 'vitest';
import {
  sanitizeIntegrations,
  validateCredentials,
  validateIdentify,
  validateSessionInfo,
  validateSessionUpdate,
  validateUpdatePayload,
  validateUserUpdate,
} from '../src/validate';
import { fakeLogger } from './helpers/fake-logger';

const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';

function lines(log: ReturnType<typeof fakeLogger>, level: 'warn' | 'info' = 'warn'): string[] {
  return log[level].mock.calls.map((c) => String(c[0]));
}

describe('validateCredentials (§19)', () => {
  it('accepts a prd_ product id of exactly 30 characters and a key_ client key', () => {
    const log = fakeLogger();
    expect(PRODUCT_ID).toHaveLength(30);
    expect(validateCredentials(PRODUCT_ID, 'key_pub_5c1a77', log)).toBe(true);
    expect(log.info).not.toHaveBeenCalled();
  });

  it('rejects a product id without the prd_ prefix at info level, naming the rule', () => {
    const log = fakeLogger();
    expect(validateCredentials('abc_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_x', log)).toBe(false);
    expect(lines(log, 'info')).toEqual([
      'init: productId must be "prd_" followed by 26 characters; the session was not started',
    ]);
  });

  it('rejects a product id that is not exactly 30 characters long', () => {
    const log = fakeLogger();
    expect(validateCredentials('prd_short', 'key_x', log)).toBe(false);
    expect(validateCredentials(`${PRODUCT_ID}X`, 'key_x', log)).toBe(false);
    expect(lines(log, 'info')).toEqual([
      'init: productId must be "prd_" followed by 26 characters; the session was not started',
      'init: productId must be "prd_" followed by 26 characters; the session was not started',
    ]);
  });

  it('rejects a client key without the key_ prefix, whatever its length', () => {
    const log = fakeLogger();
    expect(validateCredentials(PRODUCT_ID, 'pub_5c1a77', log)).toBe(false);
    expect(lines(log, 'info')).toEqual([
      'init: clientKey must start with "key_"; the session was not started',
    ]);
    expect(validateCredentials(PRODUCT_ID, 'key_', fakeLogger())).toBe(true);
  });

  it('rejects non-string credentials without throwing', () => {
    expect(validateCredentials(undefined, 'key_x', fakeLogger())).toBe(false);
    expect(validateCredentials(PRODUCT_ID, 42, fakeLogger())).toBe(false);
  });
});

describe('validateSessionInfo', () => {
  it('requires environment and version strings and orders keys environment, version, metadata, appSessionId', () => {
    const log = fakeLogger();
    const out = validateSessionInfo(
      { appSessionId: 'a', metadata: { m: 1 }, version: '1.0', environment: 'prod' },
      log,
    );
    expect(out).toEqual({
      environment: 'prod',
      version: '1.0',
      metadata: { m: 1 },
      appSessionId: 'a',
    });
    expect(Object.keys(out!)).toEqual(['environment', 'version', 'metadata', 'appSessionId']);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('omits absent optional keys', () => {
    expect(
      Object.keys(validateSessionInfo({ environment: 'e', version: 'v' }, fakeLogger())!),
    ).toEqual(['environment', 'version']);
  });

  it('fails with one line when environment or version is missing', () => {
    const log = fakeLogger();
    expect(validateSessionInfo({ version: '1' }, log)).toBeNull();
    expect(validateSessionInfo({ environment: 'e', version: 2 }, log)).toBeNull();
    expect(lines(log)).toEqual([
      'init: sessionInfo.environment must be a string; the call was ignored',
      'init: sessionInfo.version must be a string; the call was ignored',
    ]);
  });

  it('fails when sessionInfo is not an object', () => {
    const log = fakeLogger();
    expect(validateSessionInfo('prod', log)).toBeNull();
    expect(lines(log)).toHaveLength(1);
  });

  it('drops a wrongly typed appSessionId with a warning and keeps the rest', () => {
    const log = fakeLogger();
    const out = validateSessionInfo({ environment: 'e', version: 'v', appSessionId: 5 }, log);
    expect(out).toEqual({ environment: 'e', version: 'v' });
    expect(lines(log)).toEqual(['init: sessionInfo.appSessionId must be a string; dropped']);
  });

  it('fails the whole call when metadata is not a plain object rather than dropping it silently', () => {
    const log = fakeLogger();
    const out = validateSessionInfo({ environment: 'e', version: 'v', metadata: [1] }, log);
    expect(out).toBeNull();
    expect(lines(log)).toEqual([
      'init: sessionInfo.metadata must be a plain object of JSON values; the call was ignored',
    ]);
  });

  it('fails identify, updateUser and updateSession when metadata is over the size cap', () => {
    const huge = { blob: 'x'.repeat(70_000) };
    expect(validateIdentify({ userId: 'u', email: 'e', metadata: huge }, fakeLogger())).toBeNull();
    expect(
      validateUserUpdate({ userId: 'u', metadata: huge }, 'updateUser', fakeLogger()),
    ).toBeNull();
    expect(validateSessionUpdate({ metadata: huge }, 'updateSession', fakeLogger())).toBeNull();
  });

  it('sanitises metadata into a fresh object', () => {
    const metadata = { at: new Date(0) };
    const out = validateSessionInfo({ environment: 'e', version: 'v', metadata }, fakeLogger());
    expect(out?.metadata).toEqual({ at: '1970-01-01T00:00:00.000Z' });
  });

  it('fails quietly when reading the input throws', () => {
    const log = fakeLogger();
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    );
    expect(validateSessionInfo(hostile, log)).toBeNull();
    expect(lines(log)).toEqual(['init: sessionInfo could not be read; the call was ignored']);
  });
});

describe('validateIdentify', () => {
  it('builds the user in the order userId, email, name, metadata', () => {
    const out = validateIdentify(
      { metadata: { a: 1 }, name: 'N', email: 'e@x', userId: 'u' },
      fakeLogger(),
    );
    expect(Object.keys(out!)).toEqual(['userId', 'email', 'name', 'metadata']);
  });

  it('omits undefined optional keys', () => {
    const out = validateIdentify(
      { userId: 'u', email: 'e@x', name: undefined, metadata: undefined },
      fakeLogger(),
    );
    expect(Object.keys(out!)).toEqual(['userId', 'email']);
  });

  it('fails when userId is missing, empty or not a string, naming the field', () => {
    for (const userId of [undefined, '', '   ', 7]) {
      const log = fakeLogger();
      expect(validateIdentify({ userId, email: 'e@x' }, log)).toBeNull();
      expect(lines(log)).toEqual([
        'identify: userId must be a non-empty string; the call was ignored',
      ]);
    }
  });

  it('fails when email is not a string', () => {
    const log = fakeLogger();
    expect(validateIdentify({ userId: 'u' }, log)).toBeNull();
    expect(lines(log)).toEqual(['identify: email must be a string; the call was ignored']);
  });

  it('drops a non-string name with a warning', () => {
    const log = fakeLogger();
    expect(validateIdentify({ userId: 'u', email: 'e', name: 5 }, log)).toEqual({
      userId: 'u',
      email: 'e',
    });
    expect(lines(log)).toEqual(['identify: name must be a string; dropped']);
  });

  it('drops unknown keys with one warning', () => {
    const log = fakeLogger();
    expect(validateIdentify({ userId: 'u', email: 'e', plan: 'x', role: 'y' }, log)).toEqual({
      userId: 'u',
      email: 'e',
    });
    expect(lines(log)).toEqual([
      'identify: plan, role are not known fields (userId, email, name, metadata); dropped',
    ]);
  });

  it('fails when the input is not an object', () => {
    expect(validateIdentify('u', fakeLogger())).toBeNull();
    expect(validateIdentify(null, fakeLogger())).toBeNull();
  });
});

describe('validateUserUpdate', () => {
  it("keeps the caller's key order", () => {
    const out = validateUserUpdate(
      { metadata: { p: 1 }, name: 'N', userId: 'u' },
      'updateUser',
      fakeLogger(),
    );
    expect(Object.keys(out!)).toEqual(['metadata', 'name', 'userId']);
  });

  it('requires a non-empty userId and names the calling API', () => {
    const log = fakeLogger();
    expect(validateUserUpdate({ email: 'e' }, 'updateUser', log)).toBeNull();
    expect(lines(log)).toEqual([
      'updateUser: userId must be a non-empty string; the call was ignored',
    ]);
  });

  it('drops non-string email or name with a warning', () => {
    const log = fakeLogger();
    expect(validateUserUpdate({ userId: 'u', email: 1, name: null }, 'updateUser', log)).toEqual({
      userId: 'u',
    });
    expect(lines(log)).toHaveLength(2);
  });

  it('returns a fresh object, not the caller’s', () => {
    const input = { userId: 'u' };
    expect(validateUserUpdate(input, 'updateUser', fakeLogger())).not.toBe(input);
  });
});

describe('validateSessionUpdate', () => {
  it("keeps the caller's key order and valid fields", () => {
    const input = {
      integrations: { sentry: { replayId: 'r' } },
      appSessionId: 'wf',
      metadata: { a: 1 },
    };
    const out = validateSessionUpdate(input, 'updateSession', fakeLogger());
    expect(out).toEqual(input);
    expect(Object.keys(out!)).toEqual(['integrations', 'appSessionId', 'metadata']);
  });

  it('accepts an empty object', () => {
    expect(validateSessionUpdate({}, 'updateSession', fakeLogger())).toEqual({});
  });

  it('drops a non-string appSessionId and keeps the other fields', () => {
    const log = fakeLogger();
    expect(
      validateSessionUpdate({ appSessionId: 1, metadata: { a: 1 } }, 'updateSession', log),
    ).toEqual({ metadata: { a: 1 } });
    expect(lines(log)).toEqual(['updateSession: appSessionId must be a string; dropped']);
  });

  it('fails when every field given was invalid', () => {
    const log = fakeLogger();
    expect(validateSessionUpdate({ appSessionId: 1 }, 'updateSession', log)).toBeNull();
    expect(lines(log)[1]).toBe(
      'updateSession: input has no valid field (metadata, appSessionId, integrations); the call was ignored',
    );
  });

  it('fails when the input is not an object', () => {
    expect(validateSessionUpdate([], 'updateSession', fakeLogger())).toBeNull();
  });
});

describe('sanitizeIntegrations (§7.2 shapes)', () => {
  it('keeps sentry.replayId and posthog sessionId, distinctId and userId', () => {
    const value = {
      sentry: { replayId: 'r' },
      posthog: { sessionId: 's', distinctId: 'd', userId: 'u' },
    };
    expect(sanitizeIntegrations(value, 'updateSession', 'integrations', fakeLogger())).toEqual(
      value,
    );
  });

  it('drops a sentry entry without a replayId string', () => {
    const log = fakeLogger();
    expect(
      sanitizeIntegrations(
        { sentry: { id: 'r' }, posthog: { sessionId: 's' } },
        'updateSession',
        'integrations',
        log,
      ),
    ).toEqual({
      posthog: { sessionId: 's' },
    });
    expect(lines(log)).toEqual([
      'updateSession: integrations.sentry.replayId must be a non-empty string; dropped',
    ]);
  });

  it('drops a posthog entry without a sessionId and a wrongly typed optional posthog field', () => {
    const log = fakeLogger();
    expect(
      sanitizeIntegrations({ posthog: { distinctId: 'd' } }, 'c', 'integrations', log),
    ).toBeUndefined();
    expect(
      sanitizeIntegrations({ posthog: { sessionId: 's', userId: 3 } }, 'c', 'integrations', log),
    ).toEqual({
      posthog: { sessionId: 's' },
    });
    expect(lines(log)).toHaveLength(2);
  });

  it('drops unsupported vendors', () => {
    const log = fakeLogger();
    expect(sanitizeIntegrations({ datadog: { id: 1 } }, 'c', 'integrations', log)).toBeUndefined();
    expect(lines(log)[0]).toBe(
      'c: integrations.datadog is not a known field (sentry, posthog); dropped',
    );
  });

  it('drops an unknown field inside a vendor entry with a warning naming the known ones', () => {
    const log = fakeLogger();
    expect(
      sanitizeIntegrations({ sentry: { replayId: 'r', extra: 1 } }, 'c', 'integrations', log),
    ).toEqual({ sentry: { replayId: 'r' } });
    expect(lines(log)).toEqual([
      'c: integrations.sentry.extra is not a known field (replayId); dropped',
    ]);
  });

  it('names the wrongly typed optional posthog field', () => {
    const log = fakeLogger();
    sanitizeIntegrations({ posthog: { sessionId: 's', distinctId: 1 } }, 'c', 'integrations', log);
    expect(lines(log)).toEqual(['c: integrations.posthog.distinctId must be a string; dropped']);
  });

  it('drops integrations that are not an object and keeps the other session fields', () => {
    const log = fakeLogger();
    expect(
      validateSessionUpdate({ appSessionId: 'a', integrations: 'x' }, 'updateSession', log),
    ).toEqual({ appSessionId: 'a' });
    expect(lines(log)).toEqual(['updateSession: integrations must be an object; dropped']);
  });

  it('stays silent without a logger', () => {
    expect(sanitizeIntegrations('x', 'c', 'integrations', null)).toBeUndefined();
  });
});

describe('validateUpdatePayload', () => {
  it('accepts either half and orders user before session', () => {
    const out = validateUpdatePayload(
      { session: { appSessionId: 'a' }, user: { userId: 'u' } },
      fakeLogger(),
    );
    expect(Object.keys(out!)).toEqual(['user', 'session']);
    expect(validateUpdatePayload({ session: {} }, fakeLogger())).toEqual({ session: {} });
  });

  it('fails when neither half is present', () => {
    const log = fakeLogger();
    expect(validateUpdatePayload({}, log)).toBeNull();
    expect(lines(log)).toEqual([
      'update: input has no valid field (user, session); the call was ignored',
    ]);
  });

  it('fails the whole call when a present half is invalid, naming the nested field', () => {
    const log = fakeLogger();
    expect(validateUpdatePayload({ user: { email: 'e' }, session: {} }, log)).toBeNull();
    expect(lines(log)).toEqual([
      'update: user.userId must be a non-empty string; the call was ignored',
    ]);
  });

  it('drops unknown top-level fields with one warning', () => {
    const log = fakeLogger();
    expect(validateUpdatePayload({ session: {}, extra: 1 }, log)).toEqual({ session: {} });
    expect(lines(log)).toEqual(['update: extra is not a known field (user, session); dropped']);
  });

  it('fails the whole call when the session half has no valid field, naming it', () => {
    const log = fakeLogger();
    expect(validateUpdatePayload({ session: { appSessionId: 1 } }, log)).toBeNull();
    expect(lines(log)).toEqual([
      'update: session.appSessionId must be a string; dropped',
      'update: session has no valid field (metadata, appSessionId, integrations); the call was ignored',
    ]);
  });

  it('fails when the payload is not an object', () => {
    const log = fakeLogger();
    expect(validateUpdatePayload(undefined, log)).toBeNull();
    expect(lines(log)).toEqual(['update: input must be an object; the call was ignored']);
  });
});
