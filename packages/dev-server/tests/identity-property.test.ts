// @vitest-environment jsdom
import { createMilana, type MilanaClient, type MilanaState } from '@milana-js/core';
import { fakeRecorder } from '@milana-js/test-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DevServer } from '../src/server.js';
import { CLIENT_KEY, PRODUCT_ID, getJson, startTestServer } from './helpers.js';

// Two independent implementations of the §7.5 merge rules: the client's confirmed state
// (packages/core/src/merge.ts) and the dev server's upserts (src/store/merge.ts). Random
// sequences of identity calls, some made in the same tick (coalesced into one /update, deduped
// against the confirmed state), must leave both with the same user and session context.

let server: DevServer;

beforeAll(async () => {
  server = await startTestServer();
  // The client's `Milana:` lines are not under test here.
  for (const level of ['debug', 'info', 'warn'] as const)
    vi.spyOn(console, level).mockImplementation(() => undefined);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await server.close();
});

const metadata = fc.dictionary(
  fc.constantFrom('a', 'b', 'plan', 'seats'),
  fc.oneof(
    fc.integer({ min: -5, max: 5 }),
    fc.constantFrom('x', 'y', ''),
    fc.boolean(),
    fc.constant(null),
    fc.record({ nested: fc.integer({ min: 0, max: 3 }) }),
  ),
  { maxKeys: 3 },
);

const userFields = {
  email: fc.constantFrom('ann@example.org', 'bo@example.org'),
  name: fc.constantFrom('Ann', 'Bo'),
  metadata,
};

/** One identity call; the user id is the same within a run (see below). */
const call = fc.oneof(
  fc.record(
    { kind: fc.constant('identify' as const), ...userFields },
    { requiredKeys: ['kind', 'email'] },
  ),
  fc.record(
    { kind: fc.constant('updateUser' as const), ...userFields },
    { requiredKeys: ['kind'] },
  ),
  fc.record(
    {
      kind: fc.constant('updateSession' as const),
      metadata,
      appSessionId: fc.constantFrom('wf_1', 'wf_2'),
      integrations: fc.record(
        {
          sentry: fc.record({ replayId: fc.constantFrom('r1', 'r2') }),
          posthog: fc.record(
            { sessionId: fc.constantFrom('p1', 'p2'), distinctId: fc.constantFrom('d1', 'd2') },
            { requiredKeys: ['sessionId'] },
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['kind'] },
  ),
);

/** Steps run one after the other; the calls of one step are made in the same tick. */
const steps = fc.array(fc.array(call, { minLength: 1, maxLength: 3 }), {
  minLength: 1,
  maxLength: 5,
});

type Call = typeof call extends fc.Arbitrary<infer C> ? C : never;

function run(client: MilanaClient, userId: string, c: Call) {
  const { kind, ...fields } = c;
  if (kind === 'updateSession') return client.updateSession(fields);
  if (kind === 'identify') return client.identify({ userId, ...(fields as { email: string }) });
  return client.updateUser({ userId, ...fields });
}

/** One shape for both sides: absent, `undefined` and `null` fields read the same. */
function comparable(
  user: { userId: string; email?: unknown; name?: unknown; metadata?: unknown } | null,
  session: { metadata?: unknown; appSessionId?: unknown; integrations?: unknown } | null,
) {
  return {
    user:
      user === null
        ? null
        : {
            userId: user.userId,
            email: user.email ?? null,
            name: user.name ?? null,
            metadata: user.metadata ?? {},
          },
    session: {
      metadata: session?.metadata ?? {},
      appSessionId: session?.appSessionId ?? null,
      integrations: session?.integrations ?? {},
    },
  };
}

let runs = 0;

describe('identity state: client vs dev server', () => {
  it('random identity call sequences leave getState() and /api with the same user and session context', async () => {
    await fc.assert(
      fc.asyncProperty(steps, async (plan) => {
        sessionStorage.clear();
        // A fresh user per run: the dev server keeps users across sessions, the client does not.
        const userId = `u_${++runs}`;
        const client = createMilana({ loadRecorder: fakeRecorder().loadRecorder, fetch });
        try {
          const started = await client.init(
            PRODUCT_ID,
            CLIENT_KEY,
            {
              environment: 'test',
              version: '1.0',
            },
            { endpoint: server.url },
          );
          expect(started).toEqual({ success: true });
          for (const step of plan) {
            const results = await Promise.all(step.map((c) => run(client, userId, c)));
            expect(results).toEqual(step.map(() => ({ success: true })));
          }
          const state: MilanaState = client.getState();
          const { status, body } = await getJson(server, `/api/sessions/${state.sessionId}`);
          expect(status).toBe(200);
          expect(comparable(body.user, { ...body, metadata: body.updateMetadata })).toEqual(
            comparable(state.user, state.session),
          );
        } finally {
          await client.stopRecording();
        }
      }),
      { numRuns: 60 },
    );
  });
});
