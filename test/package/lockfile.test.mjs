// `npm ci` (what CI and users run on a fresh clone) refuses a lock file that does not match
// package.json: every dependency it declares must be in the lock's root entry with the same
// range, and installed at a version the range allows.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const read = (path) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
const manifest = read('package.json');
const lock = read('package-lock.json');
const FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

test('the lock file was written for this package.json', () => {
  const root = lock.packages[''];
  for (const field of FIELDS) assert.deepEqual(root[field] ?? {}, manifest[field] ?? {}, `${field} in package-lock.json's root entry`);
  assert.equal(lock.lockfileVersion, 3);
});

test('every direct dependency is in the lock, and peers the package itself needs to build are installed as dev dependencies', () => {
  const direct = { ...manifest.dependencies, ...manifest.devDependencies };
  for (const name of Object.keys(direct)) assert.ok(lock.packages[`node_modules/${name}`]?.version, `${name} is locked`);
  // Each optional peer the build or tests load is a dev dependency too, so a fresh clone has it.
  for (const name of Object.keys(manifest.peerDependencies ?? {})) assert.ok(name in manifest.devDependencies, `${name} (a peer) is a dev dependency`);
});

test("rollup's native builds for other platforms are in the lock, so npm ci on them does not refuse it", () => {
  const natives = Object.keys(lock.packages).filter((path) => path.startsWith('node_modules/@rollup/rollup-'));
  assert.ok(
    natives.some((path) => path.includes('linux-x64')),
    'linux x64',
  );
  assert.ok(
    natives.some((path) => path.includes('darwin-arm64')),
    'macOS arm64',
  );
  assert.ok(
    natives.some((path) => path.includes('win32-x64')),
    'Windows x64',
  );
});
