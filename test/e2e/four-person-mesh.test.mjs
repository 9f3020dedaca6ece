// End to end: four people on the demo page as `npm start` serves it, four windows of one browser,
// a full mesh through the real server. For 30 s every person must see the three others, each
// video playing on: its clock advancing with wall time, frames shown, never reloaded. Run in
// Chromium and in Firefox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath, firefoxPath, firefoxPrefs } from '../helpers/browsers.mjs';
import { readRemoteVideos, remoteVideosPlaying, watchRemoteVideos } from '../helpers/call-pages.mjs';
import { startReferenceServer } from '../helpers/reference-server.mjs';

const PEOPLE = ['Ada', 'Bob', 'Cy', 'Dee'];
const WATCH_MS = 30_000;

let server;
before(async () => {
  server = await startReferenceServer();
});
after(() => server?.stop());

const launchers = {
  chromium: () => puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs }),
  firefox: () => puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath, headless: true, extraPrefsFirefox: firefoxPrefs }),
};

for (const [name, launch] of Object.entries(launchers)) {
  test(`four windows of ${name} on the demo page: everyone sees three videos playing on for 30 s`, { timeout: 180_000 }, async () => {
    const browser = await launch();
    try {
      const room = `mesh-${name}-${Date.now()}`;
      const pages = [];
      for (const person of PEOPLE) {
        // A window each, as four people would have: a background tab is hidden, and a hidden
        // page presents no frames at all.
        const page = await browser.newPage({ type: 'window' });
        await page.goto(`${server.origin}/?room=${room}&name=${person}`);
        pages.push(page);
      }
      await Promise.all(pages.map((page) => remoteVideosPlaying(page, PEOPLE.length - 1)));
      await Promise.all(pages.map(watchRemoteVideos));
      const started = Date.now();
      await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
      const seconds = (Date.now() - started) / 1000;
      const seen = await Promise.all(pages.map(readRemoteVideos));

      seen.forEach((videos, i) => {
        const who = `${PEOPLE[i]} (${name}) over ${seconds.toFixed(1)} s: ${JSON.stringify(videos)}`;
        assert.equal(videos.length, PEOPLE.length - 1, who);
        for (const video of videos) {
          assert.equal(video.replaced, false, `a video element was replaced, ${who}`);
          assert.equal(video.loadstarts, 0, `a video reloaded, ${who}`);
          assert.equal(video.paused, false, who);
          assert.ok(video.advanced >= seconds * 0.75, `playback fell behind the wall clock, ${who}`);
          assert.ok(video.frames >= seconds * 5, `too few frames shown, ${who}`);
        }
      });
    } finally {
      await browser.close();
    }
  });
}
