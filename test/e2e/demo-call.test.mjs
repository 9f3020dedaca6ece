// End to end: the reference server as `npm start` runs it, and the demo page opened in a
// Chromium tab and a Firefox tab, which must end up in a call with video flowing both ways.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath, firefoxPath, firefoxPrefs } from '../helpers/browsers.mjs';
import { remoteVideoPlaying } from '../helpers/call-pages.mjs';
import { startReferenceServer } from '../helpers/reference-server.mjs';

let server;
let origin;
let recordings;
const browsers = [];

before(async () => {
  recordings = mkdtempSync(join(tmpdir(), 'lifeline-demo-recordings-'));
  server = await startReferenceServer({ env: { LIFELINE_RECORDINGS_DIR: recordings } });
  origin = server.origin;
});

after(async () => {
  await Promise.all(browsers.map((b) => b.close().catch(() => {})));
  await server?.stop();
  if (recordings) rmSync(recordings, { recursive: true, force: true });
});

async function openDemo(browser, name, room) {
  const page = await browser.newPage();
  await page.goto(`${origin}/?room=${room}&name=${name}`);
  return page;
}

test('a Chromium tab and a Firefox tab on the demo page are in a video call', { timeout: 90_000 }, async () => {
  const chromium = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  browsers.push(chromium);
  const firefox = await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath, headless: true, extraPrefsFirefox: firefoxPrefs });
  browsers.push(firefox);
  const room = `e2e-${Date.now()}`;
  const ada = await openDemo(chromium, 'Ada', room);
  const bob = await openDemo(firefox, 'Bob', room);
  await Promise.all([remoteVideoPlaying(ada), remoteVideoPlaying(bob)]);
  const names = await ada.evaluate(() =>
    [...document.querySelector('video-call').shadowRoot.querySelectorAll('[part~="name"]')].map((n) => n.textContent.trim()),
  );
  assert.deepEqual(names, ['Ada', 'Bob']);
});

test('the demo page without a room shows the join form', { timeout: 60_000 }, async () => {
  const chromium = browsers[0] ?? (await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs }));
  const page = await chromium.newPage();
  await page.goto(`${origin}/`);
  const visible = await page.evaluate(() => !document.getElementById('join-form').hidden && document.getElementById('call').hidden);
  assert.equal(visible, true);
});

test('the self-assessment page records an answer and the server saves it', { timeout: 60_000 }, async () => {
  const chromium = browsers[0] ?? (await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs }));
  const page = await chromium.newPage();
  await page.goto(`${origin}/assessment.html`);
  await page.click('#record');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Recording.', { timeout: 15_000 });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await page.click('#stop');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Saved:'), { timeout: 30_000 });
  const [recordingId] = readdirSync(recordings);
  assert.ok(readdirSync(join(recordings, recordingId)).includes('manifest.json'), 'the server wrote the manifest');
});
