import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The folder scripts/prepare.mjs installed the projects into (set by scripts/run.mjs). */
export function work(): string {
  const dir = process.env.MIGRATION_WORK;
  if (!dir) throw new Error('MIGRATION_WORK is not set: run these tests with `pnpm test`');
  return dir;
}

/** Runs the project's own TypeScript on one of its configs; rejects with the diagnostics. */
export function tsc(project: string, config: string): Promise<string> {
  const cwd = join(work(), project);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(cwd, 'node_modules/typescript/bin/tsc'), '-p', config],
      { cwd, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`tsc -p ${config} in ${project}:\n${stdout}${stderr}`))
          : resolve(stdout),
    );
  });
}
