// `npm run screenshots [folder]`: pictures of the elements for the README, taken in headless
// Chromium (fake camera and microphone) from the demo pages that `npm start` serves. Writes PNGs
// of the elements alone into demo/screenshots/, or the folder given as argument or in
// LIFELINE_SCREENSHOTS_DIR. Every wait is for a state; nothing sleeps.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../test/helpers/browsers.mjs';
import { remoteVideoPlaying, shadowPart } from '../test/helpers/call-pages.mjs';
import { coturnInstalled, startCoturn } from '../test/helpers/coturn.mjs';
import { startNatStun } from '../test/helpers/nat-stun.mjs';
import { startReferenceServer } from '../test/helpers/reference-server.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = resolve(process.argv[2] ?? process.env.LIFELINE_SCREENSHOTS_DIR ?? join(root, 'demo/screenshots'));
/** README-sized pictures: one CSS pixel per pixel, the width of a laptop's content column. */
const VIEWPORT = { width: 900, height: 800, deviceScaleFactor: 1 };
const started = Date.now();
const say = (line) => console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line}`);

buildIfStale();
mkdirSync(out, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'lifeline-screenshots-'));
const cleanups = [() => rmSync(scratch, { recursive: true, force: true })];
try {
  const origin = await startServer();
  const launch = () => puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, defaultViewport: VIEWPORT });
  // The other side of each call runs in a browser of its own, as a second person's would.
  const [browser, peer] = await Promise.all([launch(), launch()]);
  cleanups.unshift(
    () => browser.close(),
    () => peer.close(),
  );
  const open = async (inBrowser, path) => {
    const page = await inBrowser.newPage();
    await page.goto(new URL(path, origin).href);
    return page;
  };
  const shoot = async (page, selector, file) => {
    await (await page.$(selector)).screenshot({ path: join(out, file) });
    say(file);
  };

  // A plain two-way video call.
  const ada = await open(browser, '/?room=shots-plain&name=Ada');
  const bob = await open(peer, '/?room=shots-plain&name=Bob');
  await Promise.all([remoteVideoPlaying(ada), remoteVideoPlaying(bob)]);
  await shoot(ada, 'video-call', 'video-call-connected.png');

  // The same call in a narrow column: the bar keeps microphone, camera and hang up, and the
  // rest is in the More menu, shown open. Back to full width after, for the pictures below.
  await ada.evaluate(() => document.querySelector('video-call').style.setProperty('width', '360px'));
  await (await shadowPart(ada, 'video-call', 'more-button')).click();
  await ada.waitForFunction(() => document.querySelector('video-call').shadowRoot.querySelector('[part~="menu"] [role^="menuitem"]'));
  await shoot(ada, 'video-call', 'video-call-narrow.png');
  await ada.keyboard.press('Escape');
  await ada.evaluate(() => document.querySelector('video-call').style.removeProperty('width'));

  // Three people in the speaker layout: one in focus above the filmstrip of the others.
  const host = await open(browser, '/?room=shots-speaker&name=Ada');
  const guests = await Promise.all(['Bob', 'Cy'].map((name) => open(peer, `/?room=shots-speaker&name=${name}`)));
  await host.evaluate(() => (document.querySelector('video-call').layout = 'speaker'));
  await host.waitForFunction(
    () => {
      const root = document.querySelector('video-call').shadowRoot;
      const videos = [...root.querySelectorAll('[part~="remote-video"]')];
      return root.querySelector('[part~="focus-tile"]') && videos.length === 2 && videos.every((v) => v.videoWidth > 0 && v.currentTime > 0);
    },
    { timeout: 30_000, polling: 100 },
  );
  await shoot(host, 'video-call', 'video-call-speaker.png');

  // Bob shares his screen (the fake one Chromium's flags give, after a real click on his share
  // button): in the auto layout it takes the focus on Ada's side, the cameras in the filmstrip.
  await host.evaluate(() => (document.querySelector('video-call').layout = 'auto'));
  await guests[0].bringToFront();
  await (await shadowPart(guests[0], 'video-call', 'screen-share-button')).click();
  await host.bringToFront();
  await host.waitForFunction(
    () => {
      const tile = document.querySelector('video-call').shadowRoot.querySelector('[part~="screen-tile"]');
      const video = tile?.querySelector('video');
      return tile?.getAttribute('part').includes('focus-tile') && video.videoWidth > 0 && video.currentTime > 0;
    },
    { timeout: 30_000, polling: 100 },
  );
  await shoot(host, 'video-call', 'video-call-screen-share.png');
  await Promise.all([host, ...guests].map((page) => page.close()));

  // The pre-join screen of a link that gives no name: preview, name field, devices, level.
  const greeted = await open(browser, '/?room=shots-prejoin&prejoin=1');
  await greeted.waitForFunction(
    () => {
      const root = document.querySelector('video-call').shadowRoot;
      const preview = root.querySelector('[part~="prejoin-preview"]');
      // The fake microphone beeps: wait for a beep on the level meter.
      const level = Number(root.querySelector('[role="meter"]')?.getAttribute('aria-valuenow'));
      return preview?.videoWidth > 0 && preview.currentTime > 0 && root.querySelector('[part~="prejoin-name"]') && level > -40;
    },
    { timeout: 30_000, polling: 100 },
  );
  await shoot(greeted, 'video-call', 'video-call-prejoin.png');
  await greeted.close();

  // The Acme Health page in a consult, then switched through its own controls.
  const patient = await open(browser, '/themed.html?room=shots-themed&name=Ada&theme=light');
  const clinician = await open(peer, '/themed.html?room=shots-themed&name=Dr.%20Rivera&theme=light');
  await Promise.all([remoteVideoPlaying(patient), remoteVideoPlaying(clinician)]);
  await shoot(patient, 'body', 'themed.png');
  await choose(patient, { theme: 'dark' });
  await shoot(patient, 'body', 'dark.png');
  await choose(patient, { lang: 'de', dir: 'rtl' });
  await patient.waitForFunction(() => document.querySelector('video-call').shadowRoot.querySelector('[part~="status"]').textContent.trim() === 'Verbunden.');
  await shoot(patient, 'body', 'themed-de-rtl.png');
  await Promise.all([patient.close(), clinician.close()]);

  // The pre-call checks, one after the other.
  await soundCheck(browser, open, shoot);
  await iceProbe(browser, open, shoot);

  // Bob's side of the call dies under his engine (his peer connection closed, as a crashed
  // network stack would leave it): Ada's media stops and her recovery ladder takes over.
  // Both tabs were left in the background by the pictures since; a background tab may be frozen.
  await Promise.all([ada.bringToFront(), bob.bringToFront()]);
  await bob.evaluate(() => {
    for (const pc of document.querySelector('video-call').engine.peerConnections.values()) pc.close();
  });
  await ada.waitForFunction(
    () => {
      const call = document.querySelector('video-call');
      const banner = call.shadowRoot.querySelector('[part~="recovery-banner"]');
      return call.getAttribute('state') === 'reconnecting' && banner.hasAttribute('data-active') && banner.dataset.step !== 'healthy';
    },
    { timeout: 30_000, polling: 100 },
  );
  await shoot(ada, 'video-call', 'video-call-reconnecting.png');
  say(`done: ${out}`);
} finally {
  for (const cleanup of cleanups)
    await Promise.resolve()
      .then(cleanup)
      .catch(() => {});
}

/** Builds the SDK and server when their output is missing or older than a source file. */
function buildIfStale() {
  const outputs = ['dist/lifeline.min.js', 'build/server/main.js'].map((file) => join(root, file));
  const newestSource = Math.max(
    ...['src', 'components', 'server'].flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true }).map((file) => statSync(join(root, dir, file)).mtimeMs),
    ),
  );
  if (outputs.every((file) => existsSync(file) && statSync(file).mtimeMs >= newestSource)) return;
  execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
}

/**
 * The reference server with ICE servers worth a table: a STUN server that answers as from
 * behind a NAT, and, where coturn is installed, TURN over udp with good credentials and over tcp
 * with a wrong secret (a 401). Without coturn, a TURN address where nothing listens.
 */
async function startServer() {
  const stun = await startNatStun();
  cleanups.unshift(() => stun.stop());
  let turn = [{ urls: ['turn:127.0.0.1:9?transport=tcp'], secret: 'nothing-listens-there' }];
  if (coturnInstalled()) {
    const coturn = await startCoturn({ certDir: join(scratch, 'turn') });
    cleanups.unshift(() => coturn.stop());
    turn = [
      { urls: [coturn.urls.udp], secret: coturn.secret },
      { urls: [coturn.urls.tcp], secret: 'a-secret-coturn-does-not-know' },
    ];
  }
  const iceConfig = join(scratch, 'ice-config.json');
  writeFileSync(iceConfig, JSON.stringify({ default: { stun: [stun.url], turn } }));
  const server = await startReferenceServer({ env: { LIFELINE_ICE_CONFIG: iceConfig, LIFELINE_RECORDINGS_DIR: join(scratch, 'recordings') } });
  cleanups.unshift(() => server.stop());
  return server.origin;
}

/** Picks options in the themed page's view controls; waits until the URL carries them. */
async function choose(page, choices) {
  for (const [name, value] of Object.entries(choices)) await page.select(`#view select[name="${name}"]`, value);
  await page.waitForFunction((c) => Object.entries(c).every(([n, v]) => new URLSearchParams(location.search).get(n) === v), {}, choices);
}

/**
 * <sound-check> on the call page's join form: a pass (a low threshold) and a fail. Chromium's
 * fake microphone beeps at full scale, so only a threshold above 0 dBFS makes it "too quiet".
 */
async function soundCheck(browser, open, shoot) {
  for (const [threshold, verdict, file] of [
    ['-90', 'pass', 'sound-check-pass.png'],
    ['1', 'too-quiet', 'sound-check-fail.png'],
  ]) {
    const page = await open(browser, '/');
    // The CDN build registers <sound-check> from a chunk it fetches once the page shows one.
    await page.evaluate(() => customElements.whenDefined('sound-check'));
    await page.evaluate((t) => {
      document.getElementById('check').open = true;
      document.querySelector('sound-check').setAttribute('threshold', t);
    }, threshold);
    await (await shadowPart(page, 'sound-check', 'start-button')).click();
    await page.waitForFunction(() => !['idle', 'testing'].includes(document.querySelector('sound-check').getAttribute('state')), { timeout: 15_000 });
    const state = await page.evaluate(() => document.querySelector('sound-check').getAttribute('state'));
    if (state !== verdict) throw new Error(`<sound-check> ended ${state}, not ${verdict}`);
    await shoot(page, 'sound-check', file);
    await page.close();
  }
}

/** <ice-probe> on the diagnostics page, run against the server's ICE config. */
async function iceProbe(browser, open, shoot) {
  const page = await open(browser, '/diagnostics.html');
  await page.waitForFunction(() => ['passed', 'failed'].includes(document.querySelector('ice-probe').getAttribute('state')), { timeout: 20_000 });
  await shoot(page, 'ice-probe', 'ice-probe.png');
}
