// End to end in cluster mode: Redis, two nodes as `npm start` runs them with LIFELINE_REDIS_URL,
// nginx in front from server/nginx/lifeline.conf, and two Chromium pages of the demo in a call.
// First one page's node is killed with SIGKILL: its client comes back through nginx on the
// surviving node to the place it had, the other page hears no one leave, and the video never
// stops. Then a node with both pages on it is drained with SIGTERM, as a deploy does: both move
// to the other node within the drain timeout, and again nobody leaves and the video goes on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../helpers/browsers.mjs';
import { readRemoteVideos, remoteVideoPlaying, watchRemoteVideos } from '../helpers/call-pages.mjs';
import { startNginx } from '../helpers/nginx.mjs';
import { startRedis } from '../helpers/redis.mjs';
import { startReferenceServer } from '../helpers/reference-server.mjs';

const DRAIN_TIMEOUT_MS = 15_000;
const nodeEnv = () => ({ LIFELINE_REDIS_URL: redis.url, LIFELINE_METRICS: '1', LIFELINE_DRAIN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS) });
let redis;
let nodes = [];
let nginx;
let browser;
before(async () => {
  redis = await startRedis();
  nodes = await Promise.all([0, 1].map(() => startReferenceServer({ env: nodeEnv() })));
  nginx = await startNginx({ upstreams: nodes.map((node) => new URL(node.origin).host) });
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
});
after(async () => {
  await browser?.close();
  await nginx?.stop();
  await Promise.allSettled(nodes.map((node) => node.stop('SIGKILL')));
  await redis?.close();
});

/** Connections open on a node, from its own metrics. */
async function connectionsOn(node) {
  const text = await fetch(`${node.origin}/metrics`).then((r) => r.text());
  return Number(/^lifeline_connections_open (\d+)/m.exec(text)?.[1] ?? 0);
}

/** Records in the page when its engine's signaling comes back and who left, from now on. */
const recordNews = (page) =>
  page.evaluate(() => {
    const call = document.querySelector('video-call');
    window.lifelineNews = { left: [], connectedAt: [], ended: [] };
    call.addEventListener('lifeline-participant-left', (event) => window.lifelineNews.left.push(event.detail.participant.id));
    call.engine.on('transport-status', (change) => change.status === 'connected' && window.lifelineNews.connectedAt.push(Date.now()));
    call.engine.on('ended', (reason) => window.lifelineNews.ended.push(reason));
  });
const news = (page) => page.evaluate(() => window.lifelineNews);

/** The frames each page's remote video shows, every second for `seconds`: each second must add some. */
async function framesKeepComing(pages, seconds) {
  let previous = await Promise.all(pages.map(async (page) => (await readRemoteVideos(page))[0].frames));
  for (let i = 0; i < seconds; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await Promise.all(pages.map(async (page) => (await readRemoteVideos(page))[0].frames));
    now.forEach((frames, p) => assert.ok(frames > previous[p], `page ${p}: no new frame in second ${i + 1} (${previous[p]} -> ${frames})`));
    previous = now;
  }
}

test('a node killed mid-call: its page comes back through nginx on the other node, nobody leaves, the video never stops', { timeout: 180_000 }, async () => {
  const room = `failover-${Date.now()}`;
  const first = await browser.newPage({ type: 'window' });
  await first.goto(`${nginx.url}/?room=${room}&name=Ada`);
  await first.waitForFunction(() => document.querySelector('video-call')?.getAttribute('state') === 'waiting', { timeout: 20_000 });
  const counts = await Promise.all(nodes.map(connectionsOn));
  const doomed = counts.findIndex((count) => count > 0);
  assert.ok(doomed >= 0, `nginx sent the page to a node (${counts})`);
  const survivor = nodes[1 - doomed];
  const second = await browser.newPage({ type: 'window' });
  await second.goto(`${survivor.origin}/?room=${room}&name=Bob`);
  await Promise.all([remoteVideoPlaying(first), remoteVideoPlaying(second)]);
  await Promise.all([first, second].map(watchRemoteVideos));
  await Promise.all([first, second].map(recordNews));

  const killedAt = Date.now();
  await nodes[doomed].stop('SIGKILL');
  // The video must not stop at any second, while signaling moves to the surviving node.
  await framesKeepComing([first, second], 12);
  const firstNews = await news(first);
  assert.ok(firstNews.connectedAt.length > 0, "the first page's signaling came back");
  console.log(`# node killed: signaling back on the other node after ${firstNews.connectedAt[0] - killedAt} ms`);
  assert.equal(await connectionsOn(survivor), 2, 'both pages on the surviving node');
  assert.deepEqual((await news(second)).left, [], 'the other page heard nobody leave');
  assert.deepEqual(firstNews.left, []);
  assert.deepEqual([firstNews.ended, (await news(second)).ended], [[], []], 'no session ended');
  const videos = await Promise.all([first, second].map(readRemoteVideos));
  assert.deepEqual(
    videos.map((v) => v.length),
    [1, 1],
    'one tile each, no duplicate',
  );
  assert.ok(
    videos.every(([v]) => v.loadstarts === 0 && !v.replaced),
    'the same video elements, never reloaded',
  );
  // Signaling works on the new node: a mute on one page reaches the other.
  await first.evaluate(() => document.querySelector('video-call').engine.setAudioEnabled(false));
  await second.waitForFunction(() => document.querySelector('video-call').engine.participants[0]?.audio === false, { timeout: 10_000 });

  await first.close();
  await second.close();
  // The node comes back on its port, as a supervisor would restart it, for the drain below.
  nodes[doomed] = await startReferenceServer({ env: nodeEnv(), port: Number(new URL(nodes[doomed].origin).port) });
});

/** Opens the demo through nginx in a new window, in `room` as `name`. */
async function openThroughNginx(room, name) {
  const page = await browser.newPage({ type: 'window' });
  await page.goto(`${nginx.url}/?room=${room}&name=${name}`);
  return page;
}

test(
  'a node drained with SIGTERM mid-call: both its pages move through nginx to the other node, nobody leaves, the video never stops',
  { timeout: 180_000 },
  async () => {
    const room = `drain-${Date.now()}`;
    // Both pages come from one address, so nginx's hash puts them on one node.
    const pages = [await openThroughNginx(room, 'Ada'), await openThroughNginx(room, 'Bob')];
    await Promise.all(pages.map(remoteVideoPlaying));
    const counts = await Promise.all(nodes.map(connectionsOn));
    const drained = counts.indexOf(2);
    assert.ok(drained >= 0, `both pages on one node (${counts})`);
    const other = nodes[1 - drained];
    await Promise.all(pages.map(watchRemoteVideos));
    await Promise.all(pages.map(recordNews));

    const termAt = Date.now();
    const exited = nodes[drained].stop('SIGTERM').then((code) => ({ code, ms: Date.now() - termAt }));
    await framesKeepComing(pages, 12);
    const { code, ms } = await exited;
    assert.equal(code, 0, 'the drained node exits cleanly');
    assert.ok(ms < DRAIN_TIMEOUT_MS, `the node exited within its drain timeout (${ms} ms)`);
    const allNews = await Promise.all(pages.map(news));
    assert.ok(
      allNews.every((n) => n.connectedAt.length > 0),
      "both pages' signaling came back",
    );
    const movedAfter = allNews.map((n) => n.connectedAt[0] - termAt);
    console.log(`# node drained: pages back on the other node after ${movedAfter.join(' and ')} ms; the node exited after ${ms} ms`);
    assert.ok(
      movedAfter.every((after) => after < DRAIN_TIMEOUT_MS),
      'every page moved within the drain timeout',
    );
    assert.equal(await connectionsOn(other), 2, 'both pages on the other node');
    assert.deepEqual(
      allNews.map((n) => n.left),
      [[], []],
      'nobody heard anyone leave',
    );
    assert.deepEqual(
      allNews.map((n) => n.ended),
      [[], []],
      'no session ended',
    );
    const videos = await Promise.all(pages.map(readRemoteVideos));
    assert.deepEqual(
      videos.map((v) => v.length),
      [1, 1],
      'one tile each, no duplicate',
    );
    assert.ok(
      videos.every(([v]) => v.loadstarts === 0 && !v.replaced),
      'the same video elements, never reloaded',
    );
    await pages[0].evaluate(() => document.querySelector('video-call').engine.setAudioEnabled(false));
    await pages[1].waitForFunction(() => document.querySelector('video-call').engine.participants[0]?.audio === false, { timeout: 10_000 });
    await Promise.all(pages.map((page) => page.close()));
  },
);
