// `pnpm test` of the migration suite: installs the packed tarballs into throwaway projects
// (prepare.mjs), runs the 1.0.x-style app suite inside its project with that project's own
// vitest, then this folder's tests (consumer type-checks, shipped licences) against the same
// projects. Both runs print their vitest summaries; the exit code fails if either failed.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { migrationDir, prepare } from './prepare.mjs';

const work = prepare();
console.log(`migration: packed tarballs installed under ${work}`);
const env = { ...process.env, MIGRATION_WORK: work };
for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];

const app = spawnSync('pnpm', ['exec', 'vitest', 'run'], {
  cwd: join(work, 'app'),
  env,
  stdio: 'inherit',
});
const here = spawnSync('pnpm', ['exec', 'vitest', 'run'], {
  cwd: migrationDir,
  env,
  stdio: 'inherit',
});

if (process.env.MIGRATION_KEEP) console.log(`migration: kept ${work}`);
else rmSync(work, { recursive: true, force: true });
process.exit(app.status === 0 && here.status === 0 ? 0 : 1);
