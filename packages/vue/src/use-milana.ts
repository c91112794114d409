import {
  computed,
  getCurrentScope,
  hasInjectionContext,
  inject,
  onScopeDispose,
  shallowRef,
  type Ref,
} from 'vue';
import {
  bindCalls,
  type BindingCalls,
  type MilanaClient,
  type MilanaState,
  type Result,
} from '@milana-js/core';
import { MilanaInjectionKey } from './injection';

/** What `useMilana()` returns. The methods call the plugin's client; the refs are read-only. */
export interface UseMilana extends BindingCalls {
  /** True once the session is ready (recording, not sampled or halted). */
  readonly isInitialized: Readonly<Ref<boolean>>;
  /** The client's current state snapshot; a new object only when something changed. */
  readonly state: Readonly<Ref<MilanaState>>;
  /** Starts a deferred session; only the first successful call has an effect, again after `stopRecording()`. */
  readonly initialize: () => Promise<Result>;
  /** The plugin's client (the page's default client unless one was passed). */
  readonly client: MilanaClient;
}

/**
 * The Milana calls and state of the app's `MilanaPlugin`. Call it in `setup()` or
 * `<script setup>`; the refs stop following the client when the component's scope ends.
 *
 * @example
 * const { isInitialized, identify } = useMilana();
 * watch(user, (u) => u && identify({ userId: u.id, email: u.email }), { immediate: true });
 */
export function useMilana(): UseMilana {
  if (!hasInjectionContext()) {
    throw new Error(
      'Milana: useMilana() must be called inside setup(), <script setup> or app.runWithContext().',
    );
  }
  const injected = inject(MilanaInjectionKey, null);
  if (!injected) {
    throw new Error(
      'Milana: useMilana() found no MilanaPlugin; install it with app.use(MilanaPlugin, { productId, clientKey, sessionInfo }).',
    );
  }
  const { client, initialize } = injected;

  const snapshot = shallowRef(client.getState());
  // Only in the browser and inside a scope that ends: a server render never disposes its scopes,
  // and on the server the client is inert anyway.
  if (typeof window !== 'undefined' && getCurrentScope()) {
    onScopeDispose(client.listen((state) => void (snapshot.value = state)));
    snapshot.value = client.getState(); // catches a change between the first read and listen()
  }
  return bindCalls(client, {
    isInitialized: computed(() => snapshot.value.isInitialized),
    state: computed(() => snapshot.value),
    initialize,
    client,
  });
}
