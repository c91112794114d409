import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { INITIAL_STATE, type MilanaClient, type MilanaState } from '@milana-js/core';

// Caches the selection per snapshot: useSyncExternalStore demands a stable result between store
// changes, and a selector such as `s => ({ ...s.user })` would otherwise loop.
function memoSelect<T>(read: () => MilanaState, select: (state: MilanaState) => T): () => T {
  let last: { state: MilanaState; value: T } | undefined;
  return () => {
    const state = read();
    if (!last || last.state !== state) last = { state, value: select(state) };
    return last.value;
  };
}

/**
 * Reads a selected part of a client's state and re-renders only when that part changes
 * (compared with `Object.is`). Pass a stable `select` to avoid recomputing on every render.
 */
export function useClientState<T>(client: MilanaClient, select: (state: MilanaState) => T): T {
  const subscribe = useCallback((onChange: () => void) => client.listen(onChange), [client]);
  const [getSnapshot, getServerSnapshot] = useMemo(
    () => [memoSelect(() => client.getState(), select), memoSelect(() => INITIAL_STATE, select)],
    [client, select],
  );
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
