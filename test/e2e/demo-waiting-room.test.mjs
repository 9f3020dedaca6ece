// End to end on the demo as `npm start` serves it with dev tokens: a host in Chromium locks the
// room, a guest in Firefox knocks, is let in with the knock's Admit button, is asked to mute and
// is removed with the tile's buttons; then, the other way round, a denied guest in Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath, firefoxPath, firefoxPrefs } from '../helpers/browsers.mjs';
import { remoteVideoPlaying, shadowPart } from '../helpers/call-pages.mjs';
import { startReferenceServer } from '../helpers/reference-server.mjs';

const SECRET = 'an-end-to-end-waiting-room-secret-0123';
let server;
let chromium;
let firefox;
before(async () => {
  server = await startReferenceServer({ env: { LIFELINE_TOKEN_SECRET: SECRET, LIFELINE_DEV_TOKENS: '1' } });
  chromium = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  firefox = await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath, headless: true, extraPrefsFirefox: firefoxPrefs });
});
after(async () => {
  await Promise.allSettled([chromium?.close(), firefox?.close()]);
  await server?.stop();
});

const state = (page) => page.evaluate(() => document.querySelector('video-call')?.getAttribute('state'));
const partText = (page, name) =>
  page.evaluate(
    (n) =>
      document
        .querySelector('video-call')
        ?.shadowRoot?.querySelector(`[part~="${n}"]`)
        ?.textContent?.replace(/[\u2068\u2069]/g, '')
        .trim() ?? '',
    name,
  );
const waitForPart = (page, name, timeout = 20_000) =>
  page.waitForFunction((n) => document.querySelector('video-call')?.shadowRoot?.querySelector(`[part~="${n}"]`), { timeout, polling: 100 }, name);
const waitForState = (page, wanted, timeout = 20_000) =>
  page.waitForFunction((w) => document.querySelector('video-call')?.getAttribute('state') === w, { timeout, polling: 100 }, wanted);

for (const [hostBrowser, guestBrowser] of [
  ['chromium', 'firefox'],
  ['firefox', 'chromium'],
]) {
  test(
    `a host in ${hostBrowser} admits a guest in ${guestBrowser} from the waiting room, asks them to mute and removes them`,
    { timeout: 120_000 },
    async () => {
      const room = `wait-${hostBrowser}-${Date.now()}`;
      const host = await { chromium, firefox }[hostBrowser].newPage();
      const guest = await { chromium, firefox }[guestBrowser].newPage();
      try {
        await host.goto(`${server.origin}/?room=${room}&name=Dr.%20Ada&waitingRoom=1`);
        await waitForState(host, 'waiting');
        await guest.goto(`${server.origin}/?room=${room}&name=Pat&role=guest`);
        await waitForState(guest, 'waiting-room');
        assert.equal(await partText(guest, 'status'), 'Waiting for the host to let you in.');

        await waitForPart(host, 'knock');
        assert.match(await partText(host, 'knock'), /^Pat is waiting to join\./);
        await (await shadowPart(host, 'video-call', 'admit-button')).click();
        await Promise.all([remoteVideoPlaying(host), remoteVideoPlaying(guest)]);

        await waitForPart(host, 'ask-to-mute-button');
        await (await shadowPart(host, 'video-call', 'ask-to-mute-button')).click();
        await guest.waitForFunction(() => document.querySelector('video-call')?.shadowRoot?.querySelector('[part~="mute-request"] p'), { timeout: 20_000 });
        assert.match(await partText(guest, 'mute-request'), /^Dr\. Ada asked you to mute/);
        assert.equal(
          await guest.evaluate(() => document.querySelector('video-call').shadowRoot.querySelector('[part~="mute-button"]').getAttribute('aria-pressed')),
          'true',
        );

        await (await shadowPart(host, 'video-call', 'remove-button')).click();
        await waitForState(guest, 'ended');
        assert.match(await partText(guest, 'status'), /removed/);
        assert.equal(await state(host), 'waiting', 'the host is alone again, still in the call');
      } finally {
        await Promise.allSettled([host.close(), guest.close()]);
      }
    },
  );
}

test('a denied guest reads that the host did not let them in', { timeout: 60_000 }, async () => {
  const room = `deny-${Date.now()}`;
  const host = await firefox.newPage();
  const guest = await chromium.newPage();
  try {
    await host.goto(`${server.origin}/?room=${room}&name=Dr.%20Ada&waitingRoom=1`);
    await waitForState(host, 'waiting');
    await guest.goto(`${server.origin}/?room=${room}&name=Pat&role=guest`);
    await waitForPart(host, 'deny-button');
    await (await shadowPart(host, 'video-call', 'deny-button')).click();
    await waitForState(guest, 'ended');
    assert.match(await partText(guest, 'status'), /The host did not let you in\./);
  } finally {
    await Promise.allSettled([host.close(), guest.close()]);
  }
});
