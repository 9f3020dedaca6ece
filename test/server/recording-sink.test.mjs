// The reference server's recording sink: chunks stored once at their key whatever the order or
// the number of tries, a token per recording, paths that cannot leave the folder, a manifest and
// a signed webhook at the end, and uploads that carry on across a server restart.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { verifyWebhook } from '../../build/server/index.js';
import { recordingSinkOptionsFromEnv } from '../../build/server/recording-sink-env.js';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { sinkClient, startWebhookReceiver, until } from '../helpers/recording-sink-client.mjs';

const ORIGIN = 'https://app.example.com';
const SECRET = 'webhook-secret-0123456789';
const MAX_CHUNK = 64 * 1024;
const root = mkdtempSync(join(tmpdir(), 'lifeline-sink-'));
const folder = join(root, 'recordings');

const lines = [];
let receiver;
let server;
let bare;
const startSink = () =>
  startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    log: (line) => lines.push(line),
    corsOrigins: [ORIGIN],
    recordings: {
      folder,
      maxChunkBytes: MAX_CHUNK,
      webhookUrl: receiver.url,
      webhookSecret: SECRET,
      webhookRetryDelaysMs: [50, 50],
    },
    authorizeRecording: (req) => req.headers['x-app-session'] !== 'revoked',
    // These tests start dozens of recordings a minute from one address (its limit has a test of its own).
    addressLimits: { recordingsPerMinute: 10_000 },
  });

before(async () => {
  receiver = await startWebhookReceiver();
  server = await startSink();
  bare = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {} });
});
after(async () => {
  await Promise.all([server.close(), bare.close(), receiver.close()]);
  rmSync(root, { recursive: true, force: true });
});

const { send, startRecording, putChunk, base, chunkPath, bearer } = sinkClient(() => server);
const bytes = (text) => Buffer.from(text.repeat(100));
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** Every file below a folder, as relative paths. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(dir.length + 1))
    .sort();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('starts a recording with a token, keeping only its hash', async () => {
  const recording = await startRecording();
  assert.match(recording.recordingId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(recording.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(recording.uploadUrl, `http://127.0.0.1:${server.port}${base(recording)}`);
  const stored = readFileSync(join(folder, recording.recordingId, 'recording.json'), 'utf8');
  assert.ok(!stored.includes(recording.token), 'the token is not on disk');
  assert.deepEqual(JSON.parse(stored).participants, ['ada', 'bob']);
});

test('stores chunks out of order, and the same chunk sent twice once', async () => {
  const recording = await startRecording();
  assert.equal((await putChunk(recording, 'composite', 'video', 1, bytes('one'))).status, 201);
  const first = await putChunk(recording, 'composite', 'video', 0, bytes('zero'));
  assert.equal(first.status, 201);
  assert.equal(first.headers.etag, `"${sha256(bytes('zero'))}"`);
  const again = await putChunk(recording, 'composite', 'video', 0, bytes('zero'));
  assert.equal(again.status, 200);
  assert.deepEqual(JSON.parse(again.body), { sha256: sha256(bytes('zero')), bytes: 400 });
  assert.deepEqual(filesUnder(join(folder, recording.recordingId, 'chunks/composite')), ['video/0.json', 'video/0.webm', 'video/1.json', 'video/1.webm']);
  assert.deepEqual(readFileSync(join(folder, recording.recordingId, 'chunks/composite/video/0.webm')), bytes('zero'));
});

test('refuses different bytes at a stored key with 409, keeping the first', async () => {
  const recording = await startRecording();
  assert.equal((await putChunk(recording, 'ada', 'audio', 0, bytes('first'), { 'content-type': 'audio/ogg;codecs=opus' })).status, 201);
  const conflict = await putChunk(recording, 'ada', 'audio', 0, bytes('second'), { 'content-type': 'audio/ogg;codecs=opus' });
  assert.equal(conflict.status, 409);
  assert.equal(JSON.parse(conflict.body).error, 'chunk_conflict');
  assert.deepEqual(readFileSync(join(folder, recording.recordingId, 'chunks/ada/audio/0.ogg')), bytes('first'));
});

test('HEAD tells whether a chunk is stored, with its sha-256 as etag', async () => {
  const recording = await startRecording();
  await putChunk(recording, 'bob', 'av', 3, bytes('av'), { 'content-type': 'video/mp4' });
  const stored = await send('HEAD', chunkPath(recording, 'bob', 'av', 3), { headers: bearer(recording) });
  assert.equal(stored.status, 200);
  assert.equal(stored.headers.etag, `"${sha256(bytes('av'))}"`);
  assert.equal(stored.headers['content-length'], '200');
  assert.equal(stored.headers['content-type'], 'video/mp4');
  assert.equal((await send('HEAD', chunkPath(recording, 'bob', 'av', 4), { headers: bearer(recording) })).status, 404);
});

test('stores a chunk PUT many times at once exactly once', async () => {
  const recording = await startRecording();
  const answers = await Promise.all(Array.from({ length: 6 }, () => putChunk(recording, 'composite', 'video', 0, bytes('same'))));
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 200, 201]);
  const racing = await Promise.all(['a', 'b', 'c'].map((text) => putChunk(recording, 'composite', 'video', 1, bytes(text))));
  assert.deepEqual(racing.map((a) => a.status).sort(), [201, 409, 409]);
  const winner = ['a', 'b', 'c'][racing.findIndex((a) => a.status === 201)];
  assert.deepEqual(readFileSync(join(folder, recording.recordingId, 'chunks/composite/video/1.webm')), bytes(winner));
  assert.deepEqual(filesUnder(join(folder, recording.recordingId, 'chunks/composite')), ['video/0.json', 'video/0.webm', 'video/1.json', 'video/1.webm']);
});

test('a chunk cut off by a crash is not stored: it is taken again in full', async () => {
  const recording = await startRecording();
  const dir = join(folder, recording.recordingId, 'chunks/composite/video');
  await putChunk(recording, 'composite', 'video', 0, bytes('zero'));
  writeFileSync(join(dir, '.0123456789abcdef.tmp'), 'half a chu');
  writeFileSync(join(dir, '1.webm'), 'half a chunk written in place');
  assert.equal((await send('HEAD', chunkPath(recording, 'composite', 'video', 1), { headers: bearer(recording) })).status, 404);
  assert.equal((await putChunk(recording, 'composite', 'video', 1, bytes('one'))).status, 201);
  assert.deepEqual(readFileSync(join(dir, '1.webm')), bytes('one'));
  const manifest = await (await fetch(`${server.url}${base(recording)}/finalize`, { method: 'POST', headers: bearer(recording) })).json();
  assert.deepEqual(
    manifest.tracks[0].chunks.map((c) => c.seq),
    [0, 1],
  );
});

test('finalize writes the manifest in order with its gaps, once, and fires a signed webhook', async () => {
  const recording = await startRecording({ participants: ['ada'], meta: { interview: 'i-7' } });
  for (const seq of [2, 0]) await putChunk(recording, 'composite', 'video', seq, bytes(`v${seq}`));
  for (const seq of [1, 0])
    await putChunk(recording, 'bob', 'audio', seq, bytes(`b${seq}`), { 'content-type': 'audio/webm;codecs=opus', 'x-lifeline-duration-ms': '29990.5' });
  await putChunk(recording, 'ada', 'audio', 0, bytes('a0'), { 'content-type': 'audio/webm' });
  const before = receiver.deliveries.length;

  const response = await fetch(`${server.url}${base(recording)}/finalize`, { method: 'POST', headers: bearer(recording) });
  assert.equal(response.status, 200);
  const manifest = await response.json();
  assert.equal(manifest.recordingId, recording.recordingId);
  assert.deepEqual(manifest.participants, ['ada', 'bob']);
  assert.deepEqual(manifest.clientMeta, { interview: 'i-7' });
  assert.deepEqual(manifest.startedBy, { id: null }, 'authorizeRecording let it in without naming anyone');
  assert.ok(Date.parse(manifest.finalizedAt) >= Date.parse(manifest.createdAt));
  assert.deepEqual(
    manifest.tracks.map((t) => `${t.track}/${t.kind} ${t.mimeType}`),
    ['composite/video video/webm;codecs=vp8', 'ada/audio audio/webm', 'bob/audio audio/webm;codecs=opus'],
  );
  const [video, , bob] = manifest.tracks;
  assert.deepEqual(
    video.chunks.map((c) => [c.seq, c.file]),
    [
      [0, 'chunks/composite/video/0.webm'],
      [2, 'chunks/composite/video/2.webm'],
    ],
  );
  assert.deepEqual(video.chunks[0], {
    seq: 0,
    file: 'chunks/composite/video/0.webm',
    bytes: 200,
    sha256: sha256(bytes('v0')),
    startedAt: 1700000000000,
    durationMs: 30000,
  });
  assert.equal(video.durationMs, 60000);
  assert.deepEqual(
    bob.chunks.map((c) => c.seq),
    [0, 1],
  );
  assert.equal(bob.durationMs, 59981);
  assert.deepEqual(manifest.missing, [{ track: 'composite', kind: 'video', first: 1, last: 1 }]);
  assert.deepEqual(JSON.parse(readFileSync(join(folder, recording.recordingId, 'manifest.json'), 'utf8')), manifest);

  const again = await fetch(`${server.url}${base(recording)}/finalize`, { method: 'POST', headers: bearer(recording) });
  assert.deepEqual(await again.json(), manifest, 'a second finalize answers the same manifest');

  await until(() => receiver.deliveries.length > before);
  await sleep(200);
  const mine = receiver.deliveries.slice(before).filter((d) => JSON.parse(d.body).recordingId === recording.recordingId);
  assert.equal(mine.length, 1, 'one webhook, not one per finalize call');
  const [delivery] = mine;
  assert.equal(verifyWebhook(SECRET, delivery.body, delivery.headers).ok, true, 'signed (recording-webhook.test.mjs tests the scheme)');
  assert.deepEqual(JSON.parse(delivery.body), { event: 'recording.finalized', recordingId: recording.recordingId, manifest });

  const late = await putChunk(recording, 'composite', 'video', 1, bytes('v1'));
  assert.equal(late.status, 409);
  assert.equal(JSON.parse(late.body).error, 'recording_finalized');
  assert.equal((await send('HEAD', chunkPath(recording, 'composite', 'video', 2), { headers: bearer(recording) })).status, 200);
  assert.ok(lines.some((line) => line === `recording finalized id=${recording.recordingId} chunks=5 missing=1`));
});

test('a chunk is either in the manifest or refused: uploads racing a finalize', async () => {
  const recording = await startRecording();
  // One upload still sending its body when the finalize comes, a burst of others around it.
  let slowAnswer;
  const slow = request({
    host: '127.0.0.1',
    port: server.port,
    path: chunkPath(recording, 'ada', 'audio', 0),
    method: 'PUT',
    headers: { ...bearer(recording), 'content-type': 'audio/webm', 'content-length': '400' },
  });
  const slowAnswered = new Promise((resolve) => slow.on('response', (res) => res.resume().on('end', () => resolve((slowAnswer = res.statusCode)))));
  slow.write(bytes('slow').subarray(0, 100));
  const uploads = Array.from({ length: 16 }, (_, seq) => putChunk(recording, 'composite', 'video', seq, Buffer.alloc(MAX_CHUNK - seq, seq)));
  await Promise.race(uploads);
  const manifest = await (await fetch(`${server.url}${base(recording)}/finalize`, { method: 'POST', headers: bearer(recording) })).json();
  slow.end(bytes('slow').subarray(100));
  const answers = await Promise.all(uploads);
  await slowAnswered;
  assert.equal(slowAnswer, 409, 'a body still arriving when the recording closed');
  const listed = new Set(manifest.tracks.flatMap((track) => track.chunks.map((chunk) => `${track.track}/${chunk.seq}`)));

  answers.forEach((answer, seq) => {
    if (answer.status === 201) assert.ok(listed.has(`composite/${seq}`), `stored chunk ${seq} is in the manifest`);
    else assert.deepEqual([answer.status, JSON.parse(answer.body).error, listed.has(`composite/${seq}`)], [409, 'recording_finalized', false], `chunk ${seq}`);
  });
});

test('retries the webhook in the background until the receiver takes it', async () => {
  const recording = await startRecording();
  receiver.failNext = 2;
  const before = receiver.deliveries.length;
  const response = await fetch(`${server.url}${base(recording)}/finalize`, { method: 'POST', headers: bearer(recording) });
  assert.equal(response.status, 200);
  await until(() => lines.includes(`recording webhook delivered id=${recording.recordingId} attempt=3`));
  assert.equal(receiver.deliveries.length - before, 3);
  assert.ok(lines.includes(`error recording webhook id=${recording.recordingId} attempt=1: status 500`));
});

test('refuses uploads without the recording’s own token', async () => {
  const a = await startRecording();
  const b = await startRecording();
  const path = chunkPath(b, 'composite', 'video', 0);
  const headers = { 'content-type': 'video/webm' };
  const missing = await send('PUT', path, { headers, body: bytes('x') });
  assert.equal(missing.status, 401);
  assert.equal(missing.headers['www-authenticate'], 'Bearer');
  assert.equal((await send('PUT', path, { headers: { ...headers, authorization: `Bearer ${'A'.repeat(43)}` }, body: bytes('x') })).status, 401);
  assert.equal((await send('PUT', path, { headers: { ...headers, authorization: b.token }, body: bytes('x') })).status, 401, 'not a Bearer');
  assert.equal((await send('PUT', path, { headers: { ...headers, ...bearer(a) }, body: bytes('x') })).status, 401, 'another recording’s token');
  assert.equal((await send('HEAD', path, { headers: bearer(a) })).status, 401);
  assert.equal((await send('POST', `${base(b)}/finalize`, { headers: bearer(a) })).status, 401);
  assert.deepEqual(filesUnder(join(folder, b.recordingId)), ['recording.json']);
  const unknown = { recordingId: '00000000-0000-4000-8000-000000000000', token: b.token };
  assert.equal((await putChunk(unknown, 'composite', 'video', 0, bytes('x'))).status, 404);
  assert.ok(lines.includes(`error recording id=${b.recordingId}: no token`));
});

test('refuses paths that could leave the folder with 400, before touching the disk', async () => {
  const recording = await startRecording();
  const id = recording.recordingId;
  const snapshot = filesUnder(root);
  const paths = [
    `/lifeline/recordings/${id}/chunks/../video/0`,
    `/lifeline/recordings/${id}/chunks/%2e%2e/video/0`,
    `/lifeline/recordings/${id}/chunks/%2E%2E/video/0`,
    `/lifeline/recordings/${id}/chunks/..%2f..%2f..%2ftmp/video/0`,
    `/lifeline/recordings/${id}/chunks/%2ftmp%2fx/video/0`,
    `/lifeline/recordings/${id}/chunks/a%5c..%5cb/video/0`,
    `/lifeline/recordings/${id}/chunks/./video/0`,
    `/lifeline/recordings/${id}/chunks/.hidden/video/0`,
    `/lifeline/recordings/${id}/chunks/${'a'.repeat(65)}/video/0`,
    `/lifeline/recordings/${id}/chunks//video/0`,
    `/lifeline/recordings/${id}/chunks/ada%00/audio/0`,
    `/lifeline/recordings/${id}/chunks/ada/..%2f..%2fx/0`,
    `/lifeline/recordings/${id}/chunks/ada/screen/0`,
    `/lifeline/recordings/${id}/chunks/ada/audio/..`,
    `/lifeline/recordings/${id}/chunks/ada/audio/-1`,
    `/lifeline/recordings/${id}/chunks/ada/audio/01`,
    `/lifeline/recordings/${id}/chunks/ada/audio/1e3`,
    `/lifeline/recordings/${id}/chunks/ada/audio/0.5`,
    `/lifeline/recordings/${id}/chunks/ada/audio/1000001`,
    `/lifeline/recordings/${id}/chunks/ada/audio/%E0%A4%A`,
    `/lifeline/recordings/../${id}/chunks/ada/audio/0`,
    `/lifeline/recordings/%2e%2e%2f${id}/chunks/ada/audio/0`,
    `/lifeline/recordings/${id.toUpperCase()}/chunks/ada/audio/0`,
    `/lifeline/recordings/not-a-uuid/chunks/ada/audio/0`,
  ];
  for (const path of paths) {
    const answer = await send('PUT', path, { headers: { ...bearer(recording), 'content-type': 'audio/webm' }, body: bytes('evil') });
    assert.equal(answer.status, 400, path);
  }
  assert.equal((await send('PUT', `/lifeline/recordings/${id}/finalize/..`, { headers: bearer(recording) })).status, 400);
  assert.deepEqual(filesUnder(root), snapshot, 'nothing written anywhere');
  assert.equal(
    (await putChunk(recording, 'ada@example.com:1', 'audio', 0, bytes('ok'), { 'content-type': 'audio/webm' })).status,
    201,
    'the id rule itself is allowed',
  );
  const highest = await putChunk(recording, 'ada@example.com:1', 'audio', 1000000, bytes('ok'), { 'content-type': 'audio/webm' });
  assert.equal(JSON.parse(highest.body).error, 'seq_gap_too_large', 'the highest seq passes the path rule, then meets the gap limit');
});

test('refuses an oversized chunk with 413, counted as it streams', async () => {
  const recording = await startRecording();
  const declared = await putChunk(recording, 'composite', 'video', 0, Buffer.alloc(MAX_CHUNK + 1));
  assert.equal(declared.status, 413);
  const headers = { ...bearer(recording), 'content-type': 'video/webm', 'transfer-encoding': 'chunked' };
  const streamed = await send('PUT', chunkPath(recording, 'composite', 'video', 1), {
    headers,
    pieces: Array.from({ length: 20 }, () => Buffer.alloc(8 * 1024)),
  });
  assert.equal(streamed.status, 413);
  assert.equal(JSON.parse(streamed.body).error, 'too_large');
  assert.equal((await putChunk(recording, 'composite', 'video', 2, Buffer.alloc(MAX_CHUNK))).status, 201, 'the limit itself is allowed');
  assert.deepEqual(filesUnder(join(folder, recording.recordingId, 'chunks/composite')), ['video/2.json', 'video/2.webm']);
});

test('refuses other content types with 415 and malformed timings with 400', async () => {
  const recording = await startRecording();
  for (const type of ['text/plain', 'application/octet-stream', 'video/webm2', 'image/png', '']) {
    assert.equal((await putChunk(recording, 'composite', 'video', 0, bytes('x'), { 'content-type': type })).status, 415, type);
  }
  assert.equal((await putChunk(recording, 'composite', 'video', 0, bytes('x'), { 'x-lifeline-duration-ms': '-5' })).status, 400);
  assert.equal((await putChunk(recording, 'composite', 'video', 0, bytes('x'), { 'x-lifeline-started-at': 'yesterday' })).status, 400);
  assert.equal((await putChunk(recording, 'composite', 'video', 0, bytes('x'), { 'content-type': 'Audio/WebM; codecs="opus"' })).status, 201);
});

test('asks the host who may start a recording, and checks what it is given', async () => {
  const url = `${server.url}/lifeline/recordings`;
  assert.equal((await fetch(url, { method: 'POST', headers: { 'x-app-session': 'revoked' }, body: '{}' })).status, 403);
  assert.equal((await fetch(url, { method: 'POST', body: 'not json' })).status, 400);
  assert.equal((await fetch(url, { method: 'POST', body: JSON.stringify({ participants: ['../x'] }) })).status, 400);
  assert.equal((await fetch(url, { method: 'POST', body: JSON.stringify({ meta: 'x' }) })).status, 400);
  assert.equal((await fetch(url, { method: 'POST', body: JSON.stringify({ meta: { note: 'x'.repeat(20_000) } }) })).status, 413);
  assert.equal((await fetch(url, { method: 'POST' })).status, 201, 'an empty body starts a recording too');
  assert.equal((await fetch(url)).status, 405);
  assert.equal((await fetch(`${bare.url}/lifeline/recordings`, { method: 'POST', body: '{}' })).status, 404);
});

test('answers the browser’s CORS preflight for uploads from allowed origins', async () => {
  const recording = await startRecording();
  const preflight = (origin) =>
    fetch(`${server.url}${chunkPath(recording, 'composite', 'video', 0)}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type,x-lifeline-started-at' },
    });
  const allowed = await preflight(ORIGIN);
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(allowed.headers.get('access-control-allow-methods'), /\bPUT\b/);
  for (const header of ['authorization', 'content-type', 'x-lifeline-started-at', 'x-lifeline-duration-ms']) {
    assert.ok(allowed.headers.get('access-control-allow-headers').split(', ').includes(header), header);
  }
  assert.equal((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin'), null);
  const put = await putChunk(recording, 'composite', 'video', 0, bytes('x'), { origin: ORIGIN });
  assert.equal(put.headers['access-control-allow-origin'], ORIGIN);
  assert.match(put.headers['access-control-expose-headers'], /\betag\b/);
});

test('a restarted server still takes the old token and knows the old chunks', async () => {
  const recording = await startRecording();
  await putChunk(recording, 'composite', 'video', 0, bytes('before'));
  await server.close();
  server = await startSink();
  const head = await send('HEAD', chunkPath(recording, 'composite', 'video', 0), { headers: bearer(recording) });
  assert.equal(head.status, 200);
  assert.equal(head.headers.etag, `"${sha256(bytes('before'))}"`);
  assert.equal((await putChunk(recording, 'composite', 'video', 0, bytes('before'))).status, 200);
  assert.equal((await putChunk(recording, 'composite', 'video', 1, bytes('after'))).status, 201);
  assert.equal((await send('PUT', chunkPath(recording, 'composite', 'video', 2), { headers: { 'content-type': 'video/webm' }, body: bytes('x') })).status, 401);
  const manifest = await (await fetch(`${server.url}${base(recording)}/finalize`, { method: 'POST', headers: bearer(recording) })).json();
  assert.deepEqual(
    manifest.tracks[0].chunks.map((c) => c.seq),
    [0, 1],
  );
});

test('reads the sink’s folder, webhook, limit, quotas and expiry from the environment', () => {
  assert.deepEqual(recordingSinkOptionsFromEnv({}), { folder: 'recordings', webhookUrl: undefined, webhookSecret: undefined, maxChunkBytes: undefined });
  const env = {
    LIFELINE_RECORDINGS_DIR: '/srv/rec',
    LIFELINE_RECORDING_WEBHOOK_URL: 'https://hooks.example.com/x',
    LIFELINE_RECORDING_WEBHOOK_SECRET: 's',
    LIFELINE_RECORDING_MAX_CHUNK_BYTES: '1048576',
  };
  assert.deepEqual(recordingSinkOptionsFromEnv(env), {
    folder: '/srv/rec',
    webhookUrl: 'https://hooks.example.com/x',
    webhookSecret: 's',
    maxChunkBytes: 1048576,
  });
  assert.throws(() => recordingSinkOptionsFromEnv({ LIFELINE_RECORDING_MAX_CHUNK_BYTES: '32MB' }), /LIFELINE_RECORDING_MAX_CHUNK_BYTES/);
  const quotaEnv = {
    LIFELINE_RECORDING_MAX_TOTAL_BYTES: '1099511627776',
    LIFELINE_RECORDING_MIN_FREE_DISK_BYTES: '5368709120',
    LIFELINE_RECORDING_MAX_OPEN_MS: '7200000',
  };
  const { quotas, expiry } = recordingSinkOptionsFromEnv(quotaEnv);
  assert.deepEqual([quotas, expiry], [{ maxTotalBytes: 1099511627776, minFreeDiskBytes: 5368709120 }, { maxOpenMs: 7200000 }]);
  assert.throws(() => recordingSinkOptionsFromEnv({ LIFELINE_RECORDING_MAX_RECORDING_BYTES: '8GB' }), /LIFELINE_RECORDING_MAX_RECORDING_BYTES/);
});
