// Type-checked (never run) inside the consumer project: every call shape of api.md, as an app
// would write it. A `@ts-expect-error` that no longer errors fails the check too.
import {
  createMilana,
  getState,
  identify,
  init,
  initCrossOriginIframe,
  stopRecording,
  subscribe,
  trackEvent,
  update,
  updateSession,
  updateUser,
  type IdentifyInput,
  type InitOptions,
  type JsonValue,
  type Metadata,
  type MilanaClient,
  type MilanaState,
  type PrivacyOptions,
  type Result,
  type SessionInfo,
  type SessionUpdate,
  type TrackEventAttributes,
  type UpdatePayload,
  type UserUpdate,
} from 'milana-js';
import * as milana from 'milana-js';
import {
  MilanaContext,
  MilanaProvider,
  useMilana,
  useMilanaOptional,
  useMilanaState,
} from 'milana-js/react';
import { MilanaPlugin, useMilana as useVueMilana } from 'milana-js/vue';
import { createMilana as createSvelteMilana, getMilana, setMilanaContext } from 'milana-js/svelte';
import { createMockMilana, MockMilanaProvider } from 'milana-js/testing';
import { MockMilanaPlugin } from 'milana-js/testing/vue';
import { createMockMilanaStore } from 'milana-js/testing/svelte';
import { useContext } from 'react';
import { createApp, defineComponent } from 'vue';
import { get } from 'svelte/store';

const PRODUCT = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';
const KEY = 'key_pub_5c1a77';
const privacy: PrivacyOptions = {
  maskingLevel: 'high',
  blockClass: /secret/,
  maskSelector: '.card',
  maskInputTypes: ['password'],
  shouldTrackQueryParams: true,
  queryTrackingParamsDenyList: [/token/i],
};
// The object form of maskInputTypes and "" class options (a rule turned off) type-check too.
const privacyObjectForm: PrivacyOptions = {
  maskingLevel: 'xhigh',
  unmaskClass: '',
  ignoreClass: /^quiet/y,
  maskInputTypes: { url: true, email: false },
};
const options: InitOptions = {
  endpoint: 'https://t.example.com/milana',
  privacy,
  shouldRecordCanvas: false,
  shouldRecordCrossOriginIframes: true,
  disableContentEditableRecording: true,
  integrations: ['sentry', 'posthog'],
};
const sessionInfo: SessionInfo = {
  environment: 'production',
  version: '4.2.0',
  metadata: { region: 'eu' },
  appSessionId: 'wf_1',
};

export async function plainCalls(): Promise<boolean> {
  const started: Result = await init(PRODUCT, KEY, sessionInfo, options);
  await init(PRODUCT, KEY, { environment: 'staging', version: '1.0.0' });
  await init(PRODUCT, KEY, sessionInfo, { privacy: privacyObjectForm });
  const who: IdentifyInput = {
    userId: 'u_1042',
    email: 'dana@example.org',
    name: 'Dana K.',
    metadata: { role: 'owner', seats: 5, tags: ['a', 'b'], nested: { on: true, none: null } },
  };
  await identify(who);
  const user: UserUpdate = { userId: 'u_1042', metadata: { plan: 'team' } };
  await updateUser(user);
  const session: SessionUpdate = {
    metadata: { flow: 'checkout-b' },
    appSessionId: 'wf_81f2',
    integrations: {
      sentry: { replayId: 'r_1' },
      posthog: { sessionId: 's_1', distinctId: 'd_1', userId: 'u_1042' },
    },
  };
  await updateSession(session);
  const both: UpdatePayload = {
    user: { userId: 'u_1042', name: 'Dana' },
    session: { metadata: { step: 2 } },
  };
  await update(both);
  await update({ session: { appSessionId: 'wf_2' } });
  const attributes: TrackEventAttributes = { format: 'csv', rows: 1200, ok: true, none: null };
  trackEvent('report.exported', attributes);
  trackEvent('report.opened');
  initCrossOriginIframe();
  const state: MilanaState = getState();
  const unsubscribe: () => void = subscribe((next) => void next.status);
  unsubscribe();
  const value: JsonValue = [1, 'two', { three: null }];
  const meta: Metadata = { value };
  await milana.identify({ userId: 'u_1', email: 'a@example.org', metadata: meta });
  milana.trackEvent('namespace.import');
  const stopped: Result = await milana.stopRecording();
  await stopRecording();
  return started.success && stopped.success && state.isInitialized && state.status !== 'halted';
}

type UserMeta = { plan: 'free' | 'team'; seats: number };
type SessionMeta = { flow: string };

export async function typedMetadata(): Promise<void> {
  await identify<UserMeta>({
    userId: 'u_1',
    email: 'a@example.org',
    metadata: { plan: 'team', seats: 3 },
  });
  await identify<UserMeta>({
    userId: 'u_1',
    email: 'a@example.org',
    // @ts-expect-error a plan outside the narrowed metadata type is a compile error
    metadata: { plan: 'gold', seats: 3 },
  });
  await updateSession<SessionMeta>({ metadata: { flow: 'b' } });
  const client: MilanaClient = createMilana();
  await client.updateUser<UserMeta>({ userId: 'u_1', metadata: { plan: 'free', seats: 1 } });
  // @ts-expect-error seats must be a number in the typed client call
  await client.updateUser<UserMeta>({ userId: 'u_1', metadata: { plan: 'free', seats: '1' } });
}

export async function notJson(): Promise<void> {
  // @ts-expect-error a Date is not JSON metadata
  await identify({ userId: 'u_1', email: 'a@example.org', metadata: { signedUpAt: new Date() } });
  // @ts-expect-error a function is not JSON metadata
  await updateSession({ metadata: { onClick: () => 1 } });
  // @ts-expect-error trackEvent attributes are flat scalars
  trackEvent('report.exported', { nested: { rows: 1 } });
  // @ts-expect-error identify needs an email
  await identify({ userId: 'u_1' });
}

function Profile() {
  const {
    isInitialized,
    initialize,
    identify: link,
    update: legacy,
    updateUser: patchUser,
    updateSession: patchSession,
    stopRecording: stop,
    trackEvent: track,
  } = useMilana();
  const optional = useMilanaOptional();
  const status = useMilanaState((s) => s.status);
  const whole: MilanaState = useMilanaState();
  const raw = useContext(MilanaContext);
  const onClick = async (): Promise<void> => {
    await initialize();
    await link<UserMeta>({
      userId: 'u_1',
      email: 'a@example.org',
      metadata: { plan: 'free', seats: 1 },
    });
    await patchUser({ userId: 'u_1', name: 'Dana' });
    await patchSession({ metadata: { page: 'profile' } });
    await legacy({ user: { userId: 'u_1' } });
    track('profile.saved', { fields: 3 });
    await stop();
  };
  return (
    <button onClick={() => void onClick()}>
      {String(isInitialized)} {status} {whole.sessionId} {optional ? 'inside' : 'outside'}{' '}
      {raw ? 'ctx' : ''}
    </button>
  );
}

export function ReactApp() {
  return (
    <MilanaProvider
      productId={PRODUCT}
      clientKey={KEY}
      sessionInfo={sessionInfo}
      options={options}
      shouldDeferInitialization
    >
      <Profile />
    </MilanaProvider>
  );
}

export function ReactTest() {
  const mock = createMockMilana();
  mock.trackEvent('x', { a: 1 });
  const events = mock.getEventCalls('x').length + mock.getUpdateCalls().length + mock.calls.length;
  mock.reset();
  return (
    <MockMilanaProvider mock={mock}>
      <Profile />
      {events}
    </MockMilanaProvider>
  );
}

export function vueApp(): void {
  const Root = defineComponent({
    setup() {
      const { isInitialized, state, identify: link, trackEvent: track } = useVueMilana();
      const ready: boolean = isInitialized.value;
      const status: MilanaState['status'] = state.value.status;
      void link({ userId: 'u_1', email: 'a@example.org' });
      track('vue.mounted');
      return { ready, status };
    },
  });
  createApp(Root).use(MilanaPlugin, {
    productId: PRODUCT,
    clientKey: KEY,
    sessionInfo,
    options,
    shouldDeferInitialization: false,
  });
}

export function svelteStore(): boolean {
  const store = createSvelteMilana({ productId: PRODUCT, clientKey: KEY, sessionInfo, options });
  const stop = store.subscribe((value) => void value.isInitialized);
  stop();
  void store.identify({ userId: 'u_1', email: 'a@example.org' });
  store.trackEvent('svelte.mounted');
  setMilanaContext(store);
  const fromContext = getMilana();
  return get(store).isInitialized && get(fromContext).state.status === 'recording';
}

export function frameworkMocks(): boolean {
  const mock = createMockMilana();
  createApp(defineComponent({ setup: () => ({}) })).use(MockMilanaPlugin, { mock });
  const store = createMockMilanaStore(mock);
  void store.updateSession({ metadata: { mocked: true } });
  return get(store).isInitialized && mock.calls[0]?.method === 'updateSession';
}
