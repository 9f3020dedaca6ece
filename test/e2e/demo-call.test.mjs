// End to end: the reference server as `npm start` runs it, and the demo page opened in a
// Chromium tab and a Firefox tab, which must end up in a call with video flowing both ways.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath, firefoxPath, firefoxPrefs } from '../helpers/browsers.mjs';

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

let server;
let origin;
let recordings;
const browsers = [];

before(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  recordings = mkdtempSync(join(tmpdir(), 'lifeline-demo-recordings-'));
  server = spawn(process.execPath, ['build/server/main.js'], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LIFELINE_RECORDINGS_DIR: recordings }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start in 15 s')), 15_000);
    server.stdout.on('data', (chunk) => String(chunk).includes('reference server at') && (clearTimeout(timer), resolve()));
    server.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
});

after(async () => {
  await Promise.all(browsers.map((b) => b.close().catch(() => {})));
  server?.kill();
  if (recordings) rmSync(recordings, { recursive: true, force: true });
});

async function openDemo(browser, name, room) {
  const page = await browser.newPage();
  await page.goto(`${origin}/?room=${room}&name=${name}`);
  return page;
}

/** Resolves once the page's <video-call> is connected and its remote video shows frames. */
function remoteVideoPlaying(page) {
  return page.waitForFunction(
    () => {
      const call = document.querySelector('video-call');
      const video = call?.shadowRoot?.querySelector('[part~="remote-video"]');
      return call?.getAttribute('state') === 'connected' && video && video.videoWidth > 0 && video.currentTime > 0;
    },
    { timeout: 30_000, polling: 100 },
  );
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
