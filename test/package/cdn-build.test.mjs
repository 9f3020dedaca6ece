// The split CDN build after `npm run build`: the entry loads no chunk up front, exports the SDK
// but for what its loaders give, and the package's `lifeline/define` leaves recording to a
// chunk of its own in a bundler too.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { eagerFiles, ENTRY, importsOf } from '../../bench/bundle.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = (path) => import(pathToFileURL(join(root, path)).href);

/** The names dist/lifeline.min.js exports (rollup writes one `export{a as Name,...}` at its end). */
function cdnExports() {
  const code = readFileSync(join(root, ENTRY), 'utf8');
  const list = code.match(/export\s*\{([^}]*)\}\s*;?\s*(\/\/# sourceMappingURL=\S+\s*)?$/)?.[1];
  assert.ok(list, 'the entry ends with its export list');
  return list.split(',').map((item) =>
    item
      .trim()
      .split(/\s+as\s+/)
      .at(-1),
  );
}

test('the entry loads no chunk up front, and loads each lazy part from dist/chunks/ with import()', () => {
  assert.deepEqual(eagerFiles(root), [ENTRY]);
  const lazy = importsOf(root, ENTRY).dynamics.map((file) => file.replace(/-[\w-]{8}\.js$/, ''));
  for (const name of ['recording', 'diagnostics', 'voice-call', 'sound-check', 'ice-probe', 'strings-de'])
    assert.ok(lazy.includes(`dist/chunks/${name}`), `${name} is imported on first use`);
});

test('every file in dist/ imports the others by relative paths, so dist/ works from any folder or CDN path', () => {
  for (const file of readdirSync(join(root, 'dist/chunks'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => `dist/chunks/${name}`)
    .concat(ENTRY)) {
    const code = readFileSync(join(root, file), 'utf8');
    const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)"([^"]*)"/g)].map((match) => match[1]);
    assert.deepEqual(
      specifiers.filter((specifier) => !/^\.\.?\//.test(specifier)),
      [],
      `${file} imports only relative paths`,
    );
    for (const specifier of specifiers) assert.ok(existsSync(join(root, dirname(file), specifier)), `${file}: ${specifier} exists`);
  }
});

test('the entry exports everything lifeline/elements does, but for what loadRecording() and loadDiagnostics() give and the three lazy elements', async () => {
  const elements = Object.keys(await built('build/components/index.js'));
  const lazy = new Set([
    ...Object.keys(await built('build/components/lazy/recording.js')),
    ...Object.keys(await built('build/components/lazy/diagnostics.js')),
    'VoiceCall',
    'SoundCheck',
    'IceProbe',
  ]);
  const exported = cdnExports();
  const expected = [...elements.filter((name) => !lazy.has(name)), 'loadRecording', 'loadDiagnostics', 'defineElement', 'discoverElements'];
  assert.deepEqual(
    expected.filter((name) => !exported.includes(name)),
    [],
    'every eager name is exported',
  );
  assert.deepEqual(
    exported.filter((name) => lazy.has(name)),
    [],
    'no lazy name is exported up front',
  );
  // Beside the public names, rollup exports what the chunks share with the entry, under short mangled names.
  assert.deepEqual(
    exported.filter((name) => !expected.includes(name) && name.length > 2),
    [],
  );
});

test('a bundler splits recording off lifeline/define as well', async () => {
  // An app that registers the tags and uses the engine, as a page with <video-call> would.
  const app = {
    name: 'app',
    resolveId: (id) => (id === 'app' ? id : null),
    load: (id) => (id === 'app' ? `import { CallEngine } from ${JSON.stringify(join(root, 'build/components/define.js'))}; console.log(CallEngine);` : null),
  };
  const bundle = await rollup({ input: 'app', plugins: [app, nodeResolve({ browser: true })], logLevel: 'silent' });
  try {
    const { output } = await bundle.generate({ format: 'es' });
    const entry = output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
    const recordingIn = (chunk) => chunk.moduleIds.some((id) => id.replaceAll('\\', '/').includes('/build/src/recording/'));
    assert.equal(recordingIn(entry), false, 'no recording module in the entry chunk');
    assert.ok(
      output.some((chunk) => chunk.type === 'chunk' && !chunk.isEntry && recordingIn(chunk)),
      'recording is a chunk of its own',
    );
  } finally {
    await bundle.close();
  }
});
