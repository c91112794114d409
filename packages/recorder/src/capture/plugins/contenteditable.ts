import {
  defaultPluginDeps,
  type PluginContext,
  type PluginDeps,
  type PluginTeardown,
} from './context.js';
import { findEditableHost } from './editable-host.js';
import { guard } from './plugin-kit.js';

/** Protocol name of the contenteditable plugin (§17.3); the server keys on it. */
export const CONTENTEDITABLE_PLUGIN = 'milana/contenteditable@1';

/** Trailing debounce per host (§17.3): a burst of typing becomes one event. */
export const CONTENTEDITABLE_DEBOUNCE_MS = 120;

/** Edits that are flushed at once: they are single discrete actions, not a burst of typing. */
const FLUSH_AT_ONCE = new Set(['insertFromPaste', 'deleteByCut']);

/**
 * Record that the user edited a `contenteditable` host, as `{ hostId }` (the host's mirror id,
 * never -1). rrweb sees the DOM mutations an editor makes but not that a user made them; this
 * event marks them as user edits.
 *
 * How an edit is recognised: a trusted `beforeinput` carries target ranges, and the start node of
 * the first range is searched for its host (at most 3 levels up, inline tags not counting; see
 * `findEditableHost`). The following trusted `input` on that host confirms the edit (a cancelled
 * `beforeinput` has no `input`, so it records nothing). Events are debounced 120 ms per host,
 * except paste (`insertFromPaste`) and cut (`deleteByCut`), which flush that host at once.
 * Teardown drops pending flushes. The capture layer does not start this plugin when
 * `disableContentEditableRecording` is true.
 *
 * @example
 * ```ts
 * const stop = startContentEditablePlugin(ctx);
 * // typing "hello" in <div contenteditable id=12> -> 120 ms after the last key:
 * //   { plugin: 'milana/contenteditable@1', payload: { hostId: 12 } }
 * stop();
 * ```
 */
export function startContentEditablePlugin(
  ctx: PluginContext,
  deps: PluginDeps = defaultPluginDeps,
): PluginTeardown {
  const pending = new Map<Element, ReturnType<typeof setTimeout>>();
  let armedHost: Element | null = null;
  let stopped = false;

  const emit = (hostId: number) => ctx.emitPlugin(CONTENTEDITABLE_PLUGIN, { hostId });

  const onBeforeInput = guard(ctx, CONTENTEDITABLE_PLUGIN, (event: InputEvent) => {
    armedHost = null;
    if (!deps.isTrusted(event)) return;
    // Text controls (input/textarea) report no target ranges, which leaves them out too.
    const ranges = typeof event.getTargetRanges === 'function' ? event.getTargetRanges() : [];
    const first = ranges[0];
    if (!first) return;
    armedHost = findEditableHost(first.startContainer);
  });

  const onInput = guard(ctx, CONTENTEDITABLE_PLUGIN, (event: InputEvent) => {
    const host = armedHost;
    armedHost = null;
    if (!host || !deps.isTrusted(event)) return;
    // `input` fires on the outermost editing host, which contains (or is) the host we found.
    const target = event.target as Node | null;
    if (!target || !(target === host || target.contains(host) || host.contains(target))) return;
    const hostId = ctx.nodeId(host);
    if (hostId === -1) return;

    const previous = pending.get(host);
    if (previous !== undefined) clearTimeout(previous);
    pending.delete(host);
    if (FLUSH_AT_ONCE.has(event.inputType)) {
      emit(hostId);
      return;
    }
    const timer = setTimeout(
      guard(ctx, CONTENTEDITABLE_PLUGIN, () => {
        pending.delete(host);
        if (!stopped) emit(hostId);
      }),
      CONTENTEDITABLE_DEBOUNCE_MS,
    );
    pending.set(host, timer);
  });

  window.addEventListener('beforeinput', onBeforeInput as EventListener, true);
  window.addEventListener('input', onInput as EventListener, true);

  return () => {
    if (stopped) return;
    stopped = true;
    window.removeEventListener('beforeinput', onBeforeInput as EventListener, true);
    window.removeEventListener('input', onInput as EventListener, true);
    // Dropped, not flushed (§17.3): a stop is not an edit boundary worth reporting.
    for (const timer of pending.values()) clearTimeout(timer);
    pending.clear();
    armedHost = null;
  };
}
