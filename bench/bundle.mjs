// Builds the SDK when the bundle is missing or stale, and measures the bundle's size.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUNDLE = 'dist/lifeline.min.js';
export const BUDGET_BYTES = 40 * 1024;

// What `npm run build` reads, and what the benchmark needs from it.
const SOURCES = ['src', 'components', 'server', 'rollup.config.mjs', 'tsconfig.json', 'package.json'];
const OUTPUTS = [BUNDLE, 'build/server/signaling-server.js'];

function newestMtime(root, entry) {
  const path = join(root, entry);
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs; // a deleted file shows only as a newer folder
  for (const name of readdirSync(path, { recursive: true })) newest = Math.max(newest, statSync(join(path, name)).mtimeMs);
  return newest;
}

/** Runs `npm run build` unless every output is newer than every source. */
export function ensureBuild(root, log) {
  const outputs = OUTPUTS.map((entry) => (existsSync(join(root, entry)) ? statSync(join(root, entry)).mtimeMs : 0));
  const sources = Math.max(...SOURCES.map((entry) => newestMtime(root, entry)));
  if (Math.min(...outputs) > sources) return;
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
