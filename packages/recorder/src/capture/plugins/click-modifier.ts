import {
  defaultPluginDeps,
  type PluginContext,
  type PluginDeps,
  type PluginTeardown,
} from './context.js';
import { eventElement, guard } from './plugin-kit.js';

/** Protocol name of the modifier-click plugin (§17.3); the server keys on it. */
export const CLICK_MODIFIER_PLUGIN = 'milana/click-modifier@1';

/**
 * Record clicks made with Ctrl, Meta, Shift or Alt held. rrweb's mouse interaction events carry
 * no modifier state, and a modified click often means "open in new tab" or "select range", which
 * the replay could not explain otherwise.
 *
 * Listens on `window` in the capture phase, so an app that stops propagation still gets recorded;
 * only trusted (user-made) clicks count, so scripted `el.click()` calls stay out.
 *
 * @example
 * ```ts
 * const stop = startClickModifierPlugin(ctx);
 * // Ctrl+click on #buy -> { plugin: 'milana/click-modifier@1',
 * //   payload: { nodeId: 42, ctrlKey: true, metaKey: false, shiftKey: false, altKey: false } }
 * stop();
 * ```
 */
export function startClickModifierPlugin(
  ctx: PluginContext,
  deps: PluginDeps = defaultPluginDeps,
): PluginTeardown {
  const onClick = guard(ctx, CLICK_MODIFIER_PLUGIN, (event: MouseEvent) => {
    if (!deps.isTrusted(event)) return;
    const { ctrlKey, metaKey, shiftKey, altKey } = event;
    if (!ctrlKey && !metaKey && !shiftKey && !altKey) return;
    ctx.emitPlugin(CLICK_MODIFIER_PLUGIN, {
      nodeId: ctx.nodeId(eventElement(event)),
      ctrlKey: ctrlKey === true,
      metaKey: metaKey === true,
      shiftKey: shiftKey === true,
      altKey: altKey === true,
    });
  });
  window.addEventListener('click', onClick, true);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    window.removeEventListener('click', onClick, true);
  };
}
