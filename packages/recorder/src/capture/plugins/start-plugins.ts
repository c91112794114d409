import { startClickModifierPlugin } from './click-modifier.js';
import { startClipboardPlugin } from './clipboard.js';
import { startContentEditablePlugin } from './contenteditable.js';
import {
  defaultPluginDeps,
  type PluginContext,
  type PluginDeps,
  type PluginTeardown,
} from './context.js';
import { startDownloadPlugin } from './download.js';
import { logDebug } from './plugin-kit.js';
import { startScrollDepthPlugin } from './scroll-depth.js';

type PluginStarter = (ctx: PluginContext, deps: PluginDeps) => PluginTeardown;

/**
 * Start every Milana rrweb plugin of ingest-protocol §17.3 and return one teardown for all of
 * them. `milana/contenteditable@1` is left out when `options.disableContentEditableRecording` is
 * true. A plugin that fails to start is logged and skipped; the others still run. The teardown
 * is idempotent: it flushes the pending scroll depth and drops pending contenteditable flushes.
 *
 * `deps` is an internal seam for tests (see `PluginDeps`); callers leave it out.
 *
 * @example
 * ```ts
 * const stopPlugins = startPlugins({ options, emitPlugin, nodeId, log });
 * // … later, when the recording stops:
 * stopPlugins();
 * ```
 */
export function startPlugins(ctx: PluginContext, deps: PluginDeps = defaultPluginDeps): () => void {
  const starters: [string, PluginStarter][] = [
    ['scroll-depth', startScrollDepthPlugin],
    ['download', startDownloadPlugin],
    ['click-modifier', startClickModifierPlugin],
    ['clipboard', startClipboardPlugin],
  ];
  if (ctx.options.disableContentEditableRecording !== true) {
    starters.push(['contenteditable', startContentEditablePlugin]);
  }

  const teardowns: PluginTeardown[] = [];
  for (const [name, start] of starters) {
    try {
      teardowns.push(start(ctx, deps));
    } catch (error) {
      logDebug(ctx, `plugin ${name} could not start; recording goes on without it`, error);
    }
  }

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    for (const teardown of teardowns) {
      try {
        teardown();
      } catch (error) {
        logDebug(ctx, 'a plugin failed to stop', error);
      }
    }
  };
}
