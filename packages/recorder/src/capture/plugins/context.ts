import type { RecorderLog, RecorderOptions } from '../../host.js';

/**
 * What the capture layer hands the plugins (ingest-protocol §17.3). The plugins never touch rrweb
 * directly: they emit through `emitPlugin` and resolve node ids through `nodeId`, so they work the
 * same whether rrweb's mirror or a test double sits behind the context.
 *
 * @example
 * ```ts
 * const ctx: PluginContext = {
 *   options,
 *   emitPlugin: (plugin, payload) => emit({ type: 6, data: { plugin, payload }, timestamp: Date.now() }),
 *   nodeId: (node) => (node ? record.mirror.getId(node) : -1),
 *   log,
 * };
 * ```
 */
export interface PluginContext {
  options: RecorderOptions;
  /** emit an rrweb plugin event (type 6) { plugin: name, payload } with the current timestamp */
  emitPlugin(plugin: string, payload: Record<string, unknown>): void;
  /** rrweb mirror id of a node, or -1 */
  nodeId(node: Node | null | undefined): number;
  log: RecorderLog;
}

/**
 * Internal seams of the plugins. `isTrusted` exists because DOM test environments (jsdom,
 * happy-dom) can only dispatch untrusted events, yet "trusted events only" is a protocol rule
 * that must itself be tested. Production code always uses the default, `event.isTrusted`.
 */
export interface PluginDeps {
  isTrusted(event: Event): boolean;
}

/** Stops one plugin: removes its listeners, observers and timers. Safe to call twice. */
export type PluginTeardown = () => void;

/** The production seams. */
export const defaultPluginDeps: PluginDeps = {
  isTrusted: (event) => event.isTrusted === true,
};
