// `npm run screenshots` still works: it runs into a folder of its own and must produce every
// README picture, each a real PNG of a plausible size, the themed and dark ones different from
// the plain call.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';

// Every picture the README shows, read from its image links, so a new picture cannot be left out.
const PICTURES = [...new Set([...readFileSync('README.md', 'utf8').matchAll(/\(demo\/screenshots\/([\w-]+\.png)\)/g)].map((match) => match[1]))];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('npm run screenshots takes every README picture', { timeout: 180_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'lifeline-screenshots-test-'));
  assert.ok(PICTURES.length >= 10, `the README shows ${PICTURES.length} pictures`);
  try {
    await promisify(execFile)(process.execPath, ['scripts/screenshots.mjs', out], { timeout: 170_000 });
    const files = Object.fromEntries(PICTURES.map((name) => [name, readFileSync(join(out, name))]));
    for (const [name, png] of Object.entries(files)) {
      assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, `${name} is a PNG`);
      assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR', `${name} starts with its header`);
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      assert.ok(width > 100 && height > 100, `${name} is ${width}x${height}`);
    }
    for (const variant of ['themed.png', 'dark.png', 'themed-de-rtl.png']) {
      assert.notDeepEqual(files[variant], files['video-call-connected.png'], `${variant} differs from the plain call`);
    }
    assert.notDeepEqual(files['dark.png'], files['themed.png']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
