import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED = new Set(['node_modules', 'dist', '.next', '.svelte-kit', '.turbo']);

/** Newest modification time among the files under `paths` (build outputs skipped). */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string) => {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return;
    }
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path)) if (!SKIPPED.has(entry)) visit(join(path, entry));
    } else {
      newest = Math.max(newest, stats.mtimeMs);
    }
  };
  paths.forEach(visit);
  return newest;
}

/**
 * Whether the build output `marker` exists and is newer than every input. Lets the setup reuse a
 * build turbo has just made instead of building the same thing twice.
 */
export function isFresh(marker: string, inputs: string[]): boolean {
  let built: number;
  try {
    built = statSync(marker).mtimeMs;
  } catch {
    return false;
  }
  return built >= newestMtime(inputs);
}
