import { vi } from 'vitest';
import type { RecorderOptions } from '../../../src/host.js';
import type { PluginContext, PluginDeps } from '../../../src/capture/plugins/index.js';

export interface EmittedPlugin {
  plugin: string;
  payload: Record<string, unknown>;
}

/** A PluginContext that records emits and hands out mirror ids only for registered nodes. */
export interface FakeContext extends PluginContext {
  emitted: EmittedPlugin[];
  /** Give `node` a mirror id (like rrweb's mirror after serialising it); returns the id. */
  register(node: Node): number;
  log: {
    debug: ReturnType<typeof vi.fn>;
    info: ReturnType<typeof vi.fn>;
    warn: ReturnType<typeof vi.fn>;
  };
}

export function fakeContext(options: RecorderOptions = {}): FakeContext {
  const ids = new Map<Node, number>();
  const emitted: EmittedPlugin[] = [];
  return {
    options,
    emitted,
    emitPlugin: (plugin, payload) => {
      emitted.push({ plugin, payload });
    },
    nodeId: (node) => (node ? (ids.get(node) ?? -1) : -1),
    register: (node) => {
      const id = ids.get(node) ?? ids.size + 1;
      ids.set(node, id);
      return id;
    },
    log: { debug: vi.fn(), info: vi.fn(), warn: vi.fn() },
  };
}

/** Stands in for `event.isTrusted`, which jsdom always reports false for dispatched events. */
export const trustEverything: PluginDeps = { isTrusted: () => true };
