// Adds up the vitest summaries printed during the run and prints the one closing line CI reads.
import { readFileSync } from 'node:fs';

const [logFile, statusArg] = process.argv.slice(2);
const text = readFileSync(logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const line of text.split('\n')) {
  // vitest: "      Tests  3 failed | 120 passed | 2 skipped (125)"
  const m = /^\S*\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line.replace(/^[^:]*:\s*/, ''));
  if (!m) continue;
  for (const part of m[1].split('|')) {
    const [, n, kind] = /(\d+)\s+(\w+)/.exec(part.trim()) ?? [];
    if (kind === 'passed') passed += Number(n);
    else if (kind === 'failed') failed += Number(n);
    else if (kind === 'skipped' || kind === 'todo') skipped += Number(n);
  }
}
const stepFailed = statusArg !== '0';
if (stepFailed && failed === 0) failed = 1; // a failing build, lint or budget counts as a failure
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(stepFailed || failed > 0 || passed === 0 ? 1 : 0);
