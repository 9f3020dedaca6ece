// Builds the SDK and measures the bundle's size.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUNDLE = 'dist/lifeline.min.js';
export const BUDGET_BYTES = 40 * 1024;

/** Runs `npm run build` (a few seconds), so the figures are always those of the sources. */
export function ensureBuild(root, log) {
  log('building (npm run build) ...');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`npm run build failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
}

/** Raw and gzip -9 sizes of the bundle, in bytes. */
export function measureBundle(root) {
  const bytes = readFileSync(join(root, BUNDLE));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, budget: BUDGET_BYTES };
}
