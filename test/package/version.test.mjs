// LIFELINE_VERSION, which a warning about two copies of the SDK on one page names, is the
// version the package is published as.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

test("LIFELINE_VERSION is package.json's version", async () => {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const { LIFELINE_VERSION } = await import('lifeline');
  assert.equal(LIFELINE_VERSION, packageJson.version);
});
