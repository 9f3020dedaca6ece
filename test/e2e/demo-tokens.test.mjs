// End to end: `npm start`'s server with join tokens on, the demo page getting its tokens from the
// dev endpoint, an invitation link made by `npm run token`, and the refusal to listen openly.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../helpers/browsers.mjs';
import { remoteVideoPlaying } from '../helpers/call-pages.mjs';
import { startReferenceServer } from '../helpers/reference-server.mjs';

const SECRET = 'an-end-to-end-token-secret-0123456789';
let browser;
before(async () => {
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
});
after(() => browser?.close());

const openModeShown = (page) =>
  page
    .waitForFunction(() => document.getElementById('open-mode') && getComputedStyle(document.getElementById('open-mode')).display !== 'none', {
      timeout: 10_000,
    })
    .then(
      () => true,
      () => false,
    );

test('with tokens on, two demo pages get dev tokens and call each other, and the page says nothing of open mode', { timeout: 90_000 }, async () => {
  const server = await startReferenceServer({ env: { LIFELINE_TOKEN_SECRET: SECRET, LIFELINE_DEV_TOKENS: '1' } });
  try {
    const room = `tokens-${Date.now()}`;
    const pages = await Promise.all([browser.newPage(), browser.newPage()]);
    await pages[0].goto(`${server.origin}/?room=${room}&name=Ada`);
    await pages[1].goto(`${server.origin}/?room=${room}&name=Bob`);
    await Promise.all(pages.map((page) => remoteVideoPlaying(page)));
    assert.equal(await pages[0].evaluate(() => document.getElementById('open-mode').hidden), true);
    // A page of another site cannot join: the WebSocket handshake needs a token it does not have.
    const refused = await fetch(`${server.origin}/lifeline/ice-config`);
    assert.equal(refused.status, 401);
  } finally {
    await server.stop();
  }
});

test('an invitation link from `npm run token` joins; without tokens the page says it is in open mode', { timeout: 90_000 }, async () => {
  const tokened = await startReferenceServer({ env: { LIFELINE_TOKEN_SECRET: SECRET } });
  try {
    const link = execFileSync(process.execPath, ['scripts/token.mjs', '--room', 'invited', '--name', 'Ada', '--role', 'host'], {
      env: { ...process.env, LIFELINE_TOKEN_SECRET: SECRET },
      encoding: 'utf8',
    }).trim();
    const page = await browser.newPage();
    await page.goto(`${tokened.origin}/?${new URLSearchParams({ room: 'invited', name: 'Ada', token: link })}`);
    await page.waitForFunction(() => document.querySelector('video-call')?.getAttribute('state') === 'waiting', { timeout: 20_000 });
    await page.close();
  } finally {
    await tokened.stop();
  }
  const open = await startReferenceServer();
  try {
    const page = await browser.newPage();
    await page.goto(`${open.origin}/?room=open&name=Ada`);
    assert.equal(await openModeShown(page), true);
    await page.close();
  } finally {
    await open.stop();
  }
});

test('without tokens, the server as npm start runs it refuses to listen beyond loopback', () => {
  const run = (env) =>
    spawnSync(process.execPath, ['build/server/main.js'], {
      env: { ...process.env, PORT: '0', ...env },
      encoding: 'utf8',
      timeout: 10_000,
      killSignal: 'SIGKILL',
    });
  const refused = run({ HOST: '0.0.0.0' });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /Refusing to listen on HOST=0\.0\.0\.0 without join tokens/);
});
