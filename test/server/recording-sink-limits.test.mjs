// The recording sink against a token holder who sends what no recorder would: a seq far past the
// last one, more tracks than a call has, tracks named like the sink's own files. What it stores
// stays bounded by what was sent, and finalize stays short whatever the numbers claim.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import * as serverPackage from '../../build/server/index.js';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { sinkClient } from '../helpers/recording-sink-client.mjs';

const root = mkdtempSync(join(tmpdir(), 'lifeline-sink-limits-'));
const folder = join(root, 'recordings');
const start = (recordings) => startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, recordings: { folder, ...recordings } });

let server;
before(async () => {
  server = await start({});
});
after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const { startRecording, putChunk, finalize } = sinkClient(() => server);
const few = Buffer.from('a few bytes');
const errorOf = (answer) => (answer.status >= 400 ? JSON.parse(answer.body).error : undefined);

test('the limits are named defaults, far above what a recording makes', () => {
  // A 4-hour interview in 30 s chunks is 480 per track; 1 s chunks (the shortest) lose an hour
  // before a gap reaches the limit. A call's tracks are the composite and a few per participant.
  assert.deepEqual(serverPackage.DEFAULT_RECORDING_LIMITS, { maxSeqGap: 3_600, maxTracks: 32 });
});

test('chunks far past their tracks’ last ones are refused, and finalize stays short', async () => {
  const recording = await startRecording();
  const maxSeqGap = serverPackage.DEFAULT_RECORDING_LIMITS?.maxSeqGap ?? 3_600;
  // The finding: a few bytes at seq 1,000,000 on a score of tracks stalled finalize for seconds.
  const far = await Promise.all(Array.from({ length: 20 }, (_, i) => putChunk(recording, `p${i}`, 'av', 1_000_000, few)));
  const composite = [];
  for (const seq of [0, maxSeqGap + 2, maxSeqGap + 1]) composite.push(await putChunk(recording, 'composite', 'video', seq, few));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const closed = await finalize(recording);
  loop.disable();

  assert.ok(loop.max / 1e6 < 250, `the event loop stalled ${Math.round(loop.max / 1e6)} ms during finalize`);
  assert.ok(statSync(join(folder, recording.recordingId, 'manifest.json')).size < 4096, 'a small manifest');
  assert.equal(closed.status, 200);
  assert.deepEqual(new Set(far.map((a) => `${a.status} ${errorOf(a)}`)), new Set(['422 seq_gap_too_large']));
  assert.deepEqual(
    composite.map((a) => a.status),
    [201, 422, 201],
  );
  assert.deepEqual(closed.manifest.missing, [{ track: 'composite', kind: 'video', first: 1, last: maxSeqGap }]);
});

test('a first chunk may skip at most the gap too', async () => {
  const recording = await startRecording();
  const maxSeqGap = serverPackage.DEFAULT_RECORDING_LIMITS?.maxSeqGap ?? 3_600;
  assert.equal((await putChunk(recording, 'ada', 'audio', maxSeqGap + 1, few, { 'content-type': 'audio/webm' })).status, 422);
  assert.equal((await putChunk(recording, 'ada', 'audio', maxSeqGap, few, { 'content-type': 'audio/webm' })).status, 201);
  // Below the last stored seq is filling a gap, always allowed.
  assert.equal((await putChunk(recording, 'ada', 'audio', 7, few, { 'content-type': 'audio/webm' })).status, 201);
});

test('missing chunks are listed as ranges, one per gap', async () => {
  const recording = await startRecording();
  for (const seq of [9, 0, 3, 4]) assert.equal((await putChunk(recording, 'composite', 'video', seq, few)).status, 201);
  await putChunk(recording, 'bob', 'audio', 2, few, { 'content-type': 'audio/webm' });
  const { manifest } = await finalize(recording);
  assert.deepEqual(manifest.missing, [
    { track: 'composite', kind: 'video', first: 1, last: 2 },
    { track: 'composite', kind: 'video', first: 5, last: 8 },
    { track: 'bob', kind: 'audio', first: 0, last: 1 },
  ]);
});

test('a recording takes at most maxTracks tracks, each a (track, kind) pair', async () => {
  const recording = await startRecording();
  const maxTracks = serverPackage.DEFAULT_RECORDING_LIMITS?.maxTracks ?? 32;
  for (let i = 0; i < maxTracks; i++) assert.equal((await putChunk(recording, `p${i}`, 'av', 0, few)).status, 201);
  const refused = await putChunk(recording, 'one-more', 'av', 0, few);
  assert.deepEqual([refused.status, errorOf(refused)], [422, 'too_many_tracks']);
  assert.equal((await putChunk(recording, 'p0', 'audio', 0, few, { 'content-type': 'audio/webm' })).status, 422, 'a new kind is a new track');
  assert.equal((await putChunk(recording, 'p0', 'av', 1, few)).status, 201, 'a track it has goes on');
  const { manifest } = await finalize(recording);
  assert.equal(manifest.tracks.length, maxTracks);
});

test('the limits are options, and hold across a restart', async () => {
  const small = await start({ limits: { maxTracks: 2, maxSeqGap: 5 } });
  const client = sinkClient(() => small);
  try {
    const recording = await client.startRecording();
    assert.equal((await client.putChunk(recording, 'composite', 'video', 5, few)).status, 201);
    assert.equal((await client.putChunk(recording, 'composite', 'video', 12, few)).status, 422);
    assert.equal((await client.putChunk(recording, 'ada', 'av', 0, few)).status, 201);
    await small.close();
    Object.assign(small, await start({ limits: { maxTracks: 2, maxSeqGap: 5 } }));
    const refused = await client.putChunk(recording, 'bob', 'av', 0, few);
    assert.deepEqual([refused.status, errorOf(refused)], [422, 'too_many_tracks'], 'the stored tracks count after a restart');
    assert.equal((await client.putChunk(recording, 'composite', 'video', 11, few)).status, 201);
  } finally {
    await small.close();
  }
});

test('tracks named like the sink’s own files cannot touch them', async () => {
  const recording = await startRecording();
  for (const track of ['manifest.json', 'recording.json', 'chunks']) {
    assert.equal((await putChunk(recording, track, 'audio', 0, few, { 'content-type': 'audio/webm' })).status, 201, track);
  }
  const first = await finalize(recording);
  assert.equal(first.status, 200);
  assert.deepEqual(first.manifest.tracks.map((t) => t.track).sort(), ['chunks', 'manifest.json', 'recording.json']);
  assert.deepEqual(JSON.parse(readFileSync(join(folder, recording.recordingId, 'manifest.json'), 'utf8')), first.manifest);
  assert.deepEqual((await finalize(recording)).manifest, first.manifest, 'the token still opens the recording');
});
