// The recording sink against someone who wants its memory or its disk: chunks stream to disk
// instead of being held whole, a recording, the sink's folder and the disk's free space each
// have a quota, and a recording nobody finalizes does not stay open forever.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as serverPackage from '../../build/server/index.js';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { sinkClient, startWebhookReceiver, until } from '../helpers/recording-sink-client.mjs';

const root = mkdtempSync(join(tmpdir(), 'lifeline-sink-quotas-'));
const MiB = 1024 * 1024;
let folders = 0;
const servers = [];
/** A server with a sink on a folder of its own, closed after the tests. */
async function start(recordings = {}) {
  const folder = join(root, `recordings-${folders++}`);
  const server = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, recordings: { folder, ...recordings } });
  servers.push(server);
  return { server, folder, client: sinkClient(() => server) };
}
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  rmSync(root, { recursive: true, force: true });
});

const errorOf = (answer) => (answer.status >= 400 ? JSON.parse(answer.body).error : undefined);
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/**
 * PUTs `count` copies of `piece` as one chunk, waiting for the socket to drain between them, so
 * the test (in the server's process) holds one piece, not the chunk.
 */
function putStreamed(server, recording, path, piece, count) {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${recording.token}`, 'content-type': 'video/webm', 'content-length': piece.length * count };
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'PUT', headers }, (res) => {
      let body = '';
      res.on('data', (part) => (body += part));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    let sent = 0;
    const write = () => {
      while (sent < count) {
        sent++;
        if (!req.write(piece)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

test('eight 32 MiB chunks at once stream to disk: the server holds far less than their 256 MiB', async () => {
  const { server, folder, client } = await start();
  const recording = await client.startRecording();
  const piece = Buffer.alloc(MiB, 7);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, i) => putStreamed(server, recording, client.chunkPath(recording, `p${i}`, 'video', 0), piece, 32)),
  );
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);

  assert.deepEqual(
    answers.map((a) => a.status),
    Array(8).fill(201),
  );
  const growth = (peak - before) / MiB;
  assert.ok(growth < 100, `RSS grew ${Math.round(growth)} MiB while 256 MiB were uploaded`);
  // The bytes, and the sha-256 computed on the way, are the ones sent.
  const expected = createHash('sha256');
  for (let i = 0; i < 32; i++) expected.update(piece);
  assert.deepEqual(JSON.parse(answers[0].body), { sha256: expected.digest('hex'), bytes: 32 * MiB });
  // Idempotency holds for streamed chunks: the same bytes again 200, other bytes 409.
  const path = client.chunkPath(recording, 'p0', 'video', 0);
  assert.equal((await putStreamed(server, recording, path, piece, 32)).status, 200);
  const other = await putStreamed(server, recording, path, Buffer.alloc(MiB, 8), 32);
  assert.deepEqual([other.status, errorOf(other)], [409, 'chunk_conflict']);
  assert.deepEqual(readdirSync(join(folder, recording.recordingId, '.incoming')), [], 'no temporary file is left behind');
});

test('the quotas are named defaults, far above what a recording makes', () => {
  assert.deepEqual(serverPackage.DEFAULT_RECORDING_QUOTAS, {
    maxRecordingBytes: 16 * 1024 * MiB,
    maxTotalBytes: 256 * 1024 * MiB,
    minFreeDiskBytes: 1024 * MiB,
  });
  assert.deepEqual(serverPackage.DEFAULT_RECORDING_EXPIRY, { maxOpenMs: 24 * 3600_000, sweepIntervalMs: 10 * 60_000 });
});

test('a recording takes at most maxRecordingBytes, counted as chunks stream: 413 recording_too_large', async () => {
  const { client } = await start({ quotas: { maxRecordingBytes: 1000 } });
  const recording = await client.startRecording();
  assert.equal((await client.putChunk(recording, 'composite', 'video', 0, Buffer.alloc(600))).status, 201);
  const over = await client.putChunk(recording, 'composite', 'video', 1, Buffer.alloc(600));
  assert.deepEqual([over.status, errorOf(over)], [413, 'recording_too_large']);
  assert.equal((await client.putChunk(recording, 'composite', 'video', 1, Buffer.alloc(400))).status, 201, 'the quota itself is allowed');
  assert.equal((await client.putChunk(recording, 'composite', 'video', 0, Buffer.alloc(600))).status, 200, 'a chunk sent again is not counted twice');
  const other = await client.startRecording();
  assert.equal((await client.putChunk(other, 'composite', 'video', 0, Buffer.alloc(1000))).status, 201, 'each recording has its own');
});

test('the sink’s folder holds at most maxTotalBytes across recordings, after a restart too: 507 sink_full', async () => {
  const quotas = { maxTotalBytes: 64 * 1024 };
  const first = await start({ quotas });
  const a = await first.client.startRecording();
  assert.equal((await first.client.putChunk(a, 'composite', 'video', 0, Buffer.alloc(40 * 1024))).status, 201);
  const b = await first.client.startRecording();
  const full = await first.client.putChunk(b, 'composite', 'video', 0, Buffer.alloc(40 * 1024));
  assert.deepEqual([full.status, errorOf(full)], [507, 'sink_full']);
  // A new server on the same folder counts what is already there.
  const again = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, recordings: { folder: first.folder, quotas } });
  servers.push(again);
  const refused = await sinkClient(() => again).putChunk(b, 'composite', 'video', 0, Buffer.alloc(40 * 1024));
  assert.deepEqual([refused.status, errorOf(refused)], [507, 'sink_full']);
  assert.equal((await sinkClient(() => again).putChunk(b, 'composite', 'video', 0, Buffer.alloc(1024))).status, 201);
});

test('no chunk is taken while the disk’s free space is below minFreeDiskBytes: 507 disk_space_low', async () => {
  const { client } = await start({ quotas: { minFreeDiskBytes: Number.MAX_SAFE_INTEGER } });
  const recording = await client.startRecording();
  const refused = await client.putChunk(recording, 'composite', 'video', 0, Buffer.from('a few bytes'));
  assert.deepEqual([refused.status, errorOf(refused)], [507, 'disk_space_low']);
});

test('quotas that are not whole numbers are refused at start', async () => {
  await assert.rejects(start({ quotas: { maxTotalBytes: '1GB' } }), /quotas\.maxTotalBytes/);
  await assert.rejects(start({ expiry: { maxOpenMs: -1 } }), /expiry\.maxOpenMs/);
});

test('a recording left open past maxOpenMs is finalized as it is, with its webhook', async () => {
  const receiver = await startWebhookReceiver();
  try {
    const { folder, client } = await start({ expiry: { maxOpenMs: 300, sweepIntervalMs: 50 }, webhookUrl: receiver.url });
    const recording = await client.startRecording();
    assert.equal((await client.putChunk(recording, 'composite', 'video', 0, Buffer.from('zero'))).status, 201);
    const manifestFile = join(folder, recording.recordingId, 'manifest.json');
    await until(() => existsSync(manifestFile), 3000);
    const late = await client.putChunk(recording, 'composite', 'video', 1, Buffer.from('one'));
    assert.deepEqual([late.status, errorOf(late)], [409, 'recording_finalized']);
    await until(() => receiver.deliveries.length === 1, 3000);
    const { manifest } = JSON.parse(receiver.deliveries[0].body);
    assert.deepEqual(
      manifest.tracks[0].chunks.map((c) => [c.seq, c.sha256]),
      [[0, sha256('zero')]],
    );
    assert.deepEqual((await client.finalize(recording)).manifest, manifest, 'a late finalize gets the same manifest');
  } finally {
    await receiver.close();
  }
});

test('a recording younger than maxOpenMs stays open', async () => {
  const { folder, client } = await start({ expiry: { maxOpenMs: 60_000, sweepIntervalMs: 20 } });
  const recording = await client.startRecording();
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(existsSync(join(folder, recording.recordingId, 'manifest.json')), false);
  assert.equal((await client.putChunk(recording, 'composite', 'video', 0, Buffer.from('zero'))).status, 201);
});
