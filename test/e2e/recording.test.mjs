// Recording end to end: two Chromium pages in a call, one of them recording through the real
// reference server's sink. Between the page and the sink sits a proxy that can fail every other
// request or drop every connection, as a bad hotel network would. Every chunk must arrive exactly
// once, play on its own (ffprobe), and keep its frame rate while the recording page is hidden.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { chromiumArgs, chromiumPath } from '../helpers/browsers.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ffprobe = (...args) =>
  new Promise((resolve, reject) =>
    execFile('ffprobe', ['-v', 'error', ...args], { timeout: 60_000 }, (error, out) => (error ? reject(error) : resolve(out.trim()))),
  );
const skip = existsSync('/usr/bin/ffprobe') ? false : 'ffprobe is missing (scripts/install-deps.sh installs ffmpeg)';

let folder;
let server;
let proxy;
let browser;

/** The sink behind a proxy: `pass`, `flaky` (every other request answered 503) or `down` (connections dropped). */
const sinkFaults = { mode: 'pass', seen: 0, failed: 0 };

before(async () => {
  if (skip) return;
  folder = mkdtempSync(join(tmpdir(), 'lifeline-e2e-recordings-'));
  server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    staticRoots: [
      { prefix: '/dist/', dir: join(root, 'dist') },
      { prefix: '/e2e/', dir: join(root, 'test/e2e/recording-page') },
    ],
    recordings: { folder },
    log: () => {},
  });
  proxy = createServer((req, res) => {
    sinkFaults.seen++;
    if (sinkFaults.mode === 'down') return req.socket.destroy();
    if (sinkFaults.mode === 'flaky' && sinkFaults.seen % 2 === 0) {
      sinkFaults.failed++;
      return res.writeHead(503, { 'access-control-allow-origin': '*' }).end();
    }
    const upstream = httpRequest({ host: '127.0.0.1', port: server.port, path: req.url, method: req.method, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
});

after(async () => {
  await browser?.close().catch(() => {});
  proxy?.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve()));
  await server?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function openPage(context) {
  const page = await context.newPage();
  const sink = `http://127.0.0.1:${proxy.address().port}/lifeline/recordings`;
  await page.goto(`${server.url}/e2e/recording.html?signaling=${encodeURIComponent(server.url)}&sink=${encodeURIComponent(sink)}`);
  await page.waitForFunction(() => window.rec, { timeout: 10_000 });
  await page.evaluate(() => window.rec.delivery());
  return page;
}

/** The files the sink stored for a recording (under its `chunks` folder), as "track/kind/seq" -> path. */
function storedChunks(recordingId) {
  const stored = new Map();
  const base = join(folder, recordingId, 'chunks');
  if (!existsSync(base)) return stored;
  for (const track of readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const kind of readdirSync(join(base, track.name))) {
      for (const file of readdirSync(join(base, track.name, kind)).filter((f) => /^\d+\.(webm|mp4|ogg)$/.test(f))) {
        stored.set(`${track.name}/${kind}/${Number.parseInt(file, 10)}`, join(base, track.name, kind, file));
      }
    }
  }
  return stored;
}

test(
  'a call recorded for 75 s through a sink that fails every other request, then is gone for 20 s, while the page is hidden for 30 s: every chunk arrives once, plays, and keeps its frame rate',
  { skip, timeout: 240_000 },
  async () => {
    const room = `rec-${randomUUID().slice(0, 8)}`;
    const [ada, bob] = [await openPage(await browser.createBrowserContext()), await openPage(await browser.createBrowserContext())];
    await bob.evaluate((r) => window.rec.join(r, 'bob'), room);
    await ada.evaluate((r) => window.rec.join(r, 'ada'), room);
    await ada.waitForFunction(() => window.rec.connected(), { timeout: 30_000, polling: 200 });
    await bob.waitForFunction(() => window.rec.connected(), { timeout: 30_000, polling: 200 });

    const recordingId = await ada.evaluate(() => window.rec.record(30_000));
    const startedAt = Date.now();
    const at = (seconds) => sleep(Math.max(0, startedAt + seconds * 1000 - Date.now()));

    // The first chunks are uploaded at 30 s through a sink that fails every other request...
    await at(25);
    sinkFaults.mode = 'flaky';
    // ...while the recording page is hidden from before the second chunk starts until after it ends.
    await at(28);
    const cover = await ada.browserContext().newPage();
    await cover.bringToFront();
    assert.equal(await ada.evaluate(() => window.rec.visibility()), 'hidden');
    // The second chunks are uploaded at 60 s into a sink that is gone for 20 s.
    await at(45);
    sinkFaults.mode = 'down';
    await at(62);
    await ada.bringToFront();
    await cover.close();
    await at(65);
    sinkFaults.mode = 'pass';
    await at(75);
    const manifest = await ada.evaluate(() => window.rec.delivered());
    assert.ok(sinkFaults.failed > 0, 'the sink failed requests');

    // Every chunk handed over is stored, once, in order, with nothing missing.
    const handed = await ada.evaluate(() => window.rec.handed);
    const stored = storedChunks(recordingId);
    assert.deepEqual([...stored.keys()].sort(), [...handed].sort());
    assert.deepEqual(manifest.missing, []);
    const tracks = Object.fromEntries(manifest.tracks.map((t) => [`${t.track}/${t.kind}`, t]));
    assert.deepEqual(Object.keys(tracks).sort(), ['ada/audio', 'bob/audio', 'composite/video']);
    for (const [key, track] of Object.entries(tracks)) {
      const seqs = track.chunks.map((c) => c.seq);
      assert.ok(seqs.length >= 3, `${key}: ${seqs.length} chunks`);
      assert.deepEqual(seqs, [...seqs.keys()], `${key}: chunks complete and in order`);
    }

    // Every chunk is a file of its own that ffprobe reads, with a duration.
    for (const [key, file] of stored) {
      const duration = Number(await ffprobe('-show_entries', 'format=duration', '-of', 'csv=p=0', file));
      assert.ok(duration > 0, `${key}: duration ${duration}`);
    }

    // The composite's second chunk was recorded while the page was hidden: at least 90 % of 15 fps.
    const hiddenChunk = tracks['composite/video'].chunks[1];
    const frames = Number(
      await ffprobe(
        '-count_frames',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=nb_read_frames',
        '-of',
        'csv=p=0',
        join(folder, recordingId, hiddenChunk.file),
      ),
    );
    const fps = frames / (hiddenChunk.durationMs / 1000);
    console.log(
      `# composite while hidden: ${frames} frames in ${hiddenChunk.durationMs} ms (${fps.toFixed(1)} fps of 15); sink failed ${sinkFaults.failed} requests`,
    );
    assert.ok(fps >= 13.5, `the composite kept ${fps.toFixed(1)} fps while hidden`);
  },
);

test('a recording page reloaded while the sink is unreachable: the chunks recorded before the reload arrive after it', { skip, timeout: 120_000 }, async () => {
  const page = await openPage(await browser.createBrowserContext());
  sinkFaults.mode = 'pass';
  const recordingId = await page.evaluate(() => window.rec.record(2_000, 'assessment'));
  sinkFaults.mode = 'down';
  await page.waitForFunction(() => window.rec.handed.length >= 2, { timeout: 20_000, polling: 200 });
  const handed = await page.evaluate(() => window.rec.handed);
  assert.equal(storedChunks(recordingId).size, 0, 'nothing reached the sink before the reload');

  await page.reload();
  await page.waitForFunction(() => window.rec, { timeout: 10_000 });
  sinkFaults.mode = 'pass';
  const deadline = Date.now() + 60_000;
  while (!handed.every((key) => storedChunks(recordingId).has(key)) && Date.now() < deadline) await sleep(250);
  const stored = storedChunks(recordingId);
  assert.deepEqual(
    handed.filter((key) => !stored.has(key)),
    [],
    'every chunk handed over before the reload is stored',
  );
});
