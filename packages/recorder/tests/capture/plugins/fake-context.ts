import { vi, type Mock } from 'vitest';
import type { RecorderLog, RecorderOptions } from '../../../src/host.js';
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
  log: { [K in keyof RecorderLog]: Mock<RecorderLog[K]> };
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
    log: {
      debug: vi.fn<RecorderLog['debug']>(),
      info: vi.fn<RecorderLog['info']>(),
      warn: vi.fn<RecorderLog['warn']>(),
    },
  };
}

/** Stands in for `event.isTrusted`, which jsdom always reports false for dispatched events. */
export const trustEverything: PluginDeps = { isTrusted: () => true };
