/** Fixed locations the bench reads from and writes to. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ */
export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The monorepo root. */
export const REPO_DIR = path.resolve(BENCH_DIR, '..');
/** Where installed SDKs are read from. */
export const MODULES_DIR = path.join(BENCH_DIR, 'node_modules');
/** Committed results: JSON, markdown and the SVG chart. */
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
/** Scratch space for bundles (git-ignored). */
export const TMP_DIR = path.join(RESULTS_DIR, 'tmp');
/** Scenario modules, one folder per SDK. */
export const SCENARIOS_DIR = path.join(BENCH_DIR, 'scenarios');
