// The package's entry points after `npm run build`: every `exports` target (and its types) is a
// file the package ships, `sideEffects` names exactly the files that register tags, and the
// entry points that make sense in Node import through the package's own name.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const targets = Object.entries(packageJson.exports).map(([entry, target]) => ({
  entry,
  file: typeof target === 'string' ? target : target.default,
  types: typeof target === 'string' ? null : target.types,
}));

/** What `npm pack` would put in the tarball, as `./path`s. */
function packedFiles() {
  const [{ files }] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  );
  return new Set(files.map((file) => `./${file.path}`));
}

/**
 * A call that registers a tag by name: `VideoCall.define('video-call')`, the elements' way, or a
 * bare `customElements.define('video-call', ...)`. The base class's own `customElements.define(tag,
 * this)` names no tag: importing its module registers nothing.
 */
const REGISTERS_A_TAG = /\.define\(\s*(['"`])[a-z][\w.-]*-[\w.-]*\1/;

/** Every built module under build/components that registers a tag when imported. */
function registeringFiles(dir = join(root, 'build/components')) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return registeringFiles(path);
    return entry.name.endsWith('.js') && REGISTERS_A_TAG.test(readFileSync(path, 'utf8')) ? [`./${relative(root, path)}`] : [];
  });
}

test('has the documented entry points, each with types where it is code', () => {
  assert.deepEqual(
    targets.map(({ entry }) => entry),
    [
      '.',
      './elements',
      './define',
      './define/video-call',
      './define/voice-call',
      './define/sound-check',
      './define/ice-probe',
      './react',
      './strings/de',
      './server',
      './cdn',
      './custom-elements.json',
      './package.json',
    ],
  );
  for (const { entry, file, types } of targets) if (file.endsWith('.js')) assert.ok(types?.endsWith('.d.ts'), `${entry} has types`);
  assert.equal(packageJson.main, packageJson.exports['.'].default);
  assert.equal(packageJson.types, packageJson.exports['.'].types);
});

test('every target and its types exist after the build, and the package ships them', () => {
  const packed = packedFiles();
  for (const { entry, file, types } of targets) {
    for (const path of [file, types].filter(Boolean)) {
      assert.ok(existsSync(join(root, path)), `${entry}: ${path} exists`);
      assert.ok(packed.has(path), `${entry}: ${path} is in the package`);
    }
  }
  assert.ok(![...packed].some((path) => path.startsWith('./build/server/main.')), "npm start's own server script stays out");
});

test('sideEffects names exactly the registering files: the define entry points and the CDN build', () => {
  const registering = targets.filter(({ entry }) => entry === './define' || entry.startsWith('./define/') || entry === './cdn').map(({ file }) => file);
  assert.deepEqual([...packageJson.sideEffects].sort(), [...registering].sort());
  const defineCalls = registeringFiles();
  // One element's define entry registers its tag; nothing else under build/components does by itself.
  const elementEntries = targets.filter(({ entry }) => entry.startsWith('./define/')).map(({ file }) => file);
  assert.deepEqual([...defineCalls].sort(), [...elementEntries].sort());
  for (const file of defineCalls) assert.ok(packageJson.sideEffects.includes(file), `${file} registers a tag and is listed`);
});

test('the Node entry points import through the package name', async () => {
  // Node resolves a package's own name from inside it through `exports` (self-reference).
  const core = await import('lifeline');
  assert.equal(typeof core.CallEngine, 'function');
  assert.equal(typeof core.CallError, 'function');

  const server = await import('lifeline/server');
  assert.equal(typeof server.startSignalingServer, 'function');
  assert.equal(typeof server.iceConfigSpecFromEnv, 'function');
  const running = await server.startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {} });
  try {
    const response = await fetch(`${running.url}/socket.io/?EIO=4&transport=polling`);
    assert.equal(response.status, 200, 'the relay answers Socket.IO');
  } finally {
    await running.close();
  }

  const { default: manifest } = await import('lifeline/custom-elements.json', { with: { type: 'json' } });
  assert.equal(manifest.schemaVersion, '1.0.0');
  const { default: own } = await import('lifeline/package.json', { with: { type: 'json' } });
  assert.equal(own.name, 'lifeline');
  // The rest (elements, define, react, cdn) need a browser's customElements and DOM: the browser tests load them.
});
