// The `recording.finalized` webhook as a receiver sees it: each delivery signed over its
// timestamp, its id and its body, so a captured one cannot be replayed later; the verifier the
// server package exports; and a body that says what came from the client and who vouched for
// the recording's start. A delivery still retrying survives a restart.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as serverPackage from '../../build/server/index.js';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { sinkClient, startWebhookReceiver, until } from '../helpers/recording-sink-client.mjs';

const SECRET = 'webhook-secret-0123456789';
const root = mkdtempSync(join(tmpdir(), 'lifeline-webhook-'));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let receiver;
const servers = [];
/** A sink posting to the receiver; `authorizeRecording` as given (none when absent). */
async function startSink(authorizeRecording) {
  const recordings = { folder: join(root, 'recordings'), webhookUrl: receiver.url, webhookSecret: SECRET, webhookRetryDelaysMs: [50] };
  const server = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, recordings, authorizeRecording });
  servers.push(server);
  return sinkClient(() => server);
}

// The host's hook: a signed-in user is vouched for by name, a bare request is let in anonymously.
const vouching = (req) => (req.headers['x-app-user'] ? { id: req.headers['x-app-user'] } : true);
let sink;
before(async () => {
  receiver = await startWebhookReceiver();
  sink = await startSink(vouching);
});
after(async () => {
  await Promise.all([...servers.map((s) => s.close()), receiver.close()]);
  rmSync(root, { recursive: true, force: true });
});

/** Starts and finalizes a recording, and answers the deliveries of its webhook once `count` have come. */
async function finalizedDeliveries(client, { headers = {}, count = 1 } = {}) {
  const recording = await client.startRecording({ participants: ['ada'], meta: { interview: 'i-9', role: 'admin' } }, headers);
  await client.putChunk(recording, 'composite', 'video', 0, Buffer.from('v0'));
  const { manifest } = await client.finalize(recording);
  const mine = () => receiver.deliveries.filter((d) => JSON.parse(d.body).recordingId === recording.recordingId);
  await until(() => mine().length >= count);
  return { recording, manifest, deliveries: mine() };
}

const verify = (delivery, options) => serverPackage.verifyWebhook?.(SECRET, delivery.body, delivery.headers, options);

test('a delivery is signed over its timestamp, its id and its body', async () => {
  const { deliveries } = await finalizedDeliveries(sink);
  const [{ headers, body }] = deliveries;
  assert.match(headers['x-lifeline-delivery'] ?? '', UUID);
  const timestamp = Number(headers['x-lifeline-timestamp']);
  assert.ok(Math.abs(timestamp - Date.now() / 1000) < 30, 'unix seconds, now');
  const expected = createHmac('sha256', SECRET).update(`${timestamp}.${headers['x-lifeline-delivery']}.${body}`).digest('hex');
  assert.equal(headers['x-lifeline-signature'], `v1=${expected}`);
});

test('the exported verifier takes a fresh delivery and refuses a replay, a tampered body, a wrong secret', async () => {
  const { deliveries } = await finalizedDeliveries(sink);
  const [delivery] = deliveries;
  const sentAt = Number(delivery.headers['x-lifeline-timestamp']) * 1000;
  assert.equal(serverPackage.DEFAULT_WEBHOOK_TOLERANCE_MS, 5 * 60_000);
  assert.deepEqual(verify(delivery), { ok: true, deliveryId: delivery.headers['x-lifeline-delivery'], timestamp: sentAt / 1000 });
  assert.equal(verify(delivery, { now: sentAt + 4 * 60_000 }).ok, true, 'within the tolerance');
  assert.deepEqual(verify(delivery, { now: sentAt + 5 * 60_000 + 1_000 }), { ok: false, reason: 'stale_timestamp' }, 'replayed after the tolerance');
  assert.deepEqual(verify(delivery, { now: sentAt + 60_000, toleranceMs: 30_000 }), { ok: false, reason: 'stale_timestamp' });
  assert.deepEqual(verify(delivery, { now: sentAt - 6 * 60_000 }), { ok: false, reason: 'stale_timestamp' }, 'from the future');
  const tampered = { ...delivery, body: delivery.body.replace('"i-9"', '"i-1"') };
  assert.deepEqual(verify(tampered), { ok: false, reason: 'bad_signature' });
  const otherId = { ...delivery, headers: { ...delivery.headers, 'x-lifeline-delivery': '00000000-0000-4000-8000-000000000000' } };
  assert.deepEqual(verify(otherId), { ok: false, reason: 'bad_signature' }, 'the id is signed');
  // A replay ten minutes on with its timestamp moved forward to look fresh.
  const restamped = { ...delivery, headers: { ...delivery.headers, 'x-lifeline-timestamp': String(sentAt / 1000 + 600) } };
  assert.deepEqual(verify(restamped, { now: sentAt + 600_000 }), { ok: false, reason: 'bad_signature' }, 'the timestamp is signed');
  assert.deepEqual(serverPackage.verifyWebhook('another-secret', delivery.body, delivery.headers), { ok: false, reason: 'bad_signature' });
  const unsigned = { ...delivery, headers: { 'content-type': 'application/json' } };
  assert.deepEqual(verify(unsigned), { ok: false, reason: 'missing_headers' });
  assert.equal(verify({ ...delivery, headers: new Headers(delivery.headers) }).ok, true, 'fetch Headers too');
});

test('a retry keeps its delivery id with a fresh timestamp, and verifies', async () => {
  receiver.failNext = 1;
  const { deliveries } = await finalizedDeliveries(sink, { count: 2 });
  assert.equal(deliveries.length, 2);
  const [first, retry] = deliveries;
  assert.equal(retry.headers['x-lifeline-delivery'], first.headers['x-lifeline-delivery'], 'one id per event, for the receiver to drop duplicates');
  assert.equal(retry.body, first.body);
  assert.ok(deliveries.every((d) => verify(d)?.ok));
});

test('the body marks the client’s meta as such and says who started the recording', async () => {
  const named = await finalizedDeliveries(sink, { headers: { 'x-app-user': 'user-7' } });
  const body = JSON.parse(named.deliveries[0].body);
  assert.deepEqual(body.manifest.startedBy, { id: 'user-7' });
  assert.deepEqual(body.manifest.clientMeta, { interview: 'i-9', role: 'admin' });
  assert.equal('meta' in body.manifest, false, 'no unmarked meta');
  assert.deepEqual(body.manifest, named.manifest);
  assert.deepEqual(JSON.parse((await finalizedDeliveries(sink)).deliveries[0].body).manifest.startedBy, { id: null }, 'the hook let it in without a name');
  const open = await startSink(undefined);
  assert.equal(JSON.parse((await finalizedDeliveries(open)).deliveries[0].body).manifest.startedBy, null, 'no hook: anyone could have');
});

test('a delivery still retrying when the server stops is kept in the sink folder’s .webhooks and sent by the next server', async () => {
  const folder = join(root, 'restarted-sink');
  const recordings = { folder, webhookUrl: receiver.url, webhookSecret: SECRET, webhookRetryDelaysMs: [500] };
  const first = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, recordings });
  receiver.failNext = Infinity;
  const recording = await sinkClient(() => first).startRecording();
  await sinkClient(() => first).finalize(recording);
  const mine = () => receiver.deliveries.filter((d) => JSON.parse(d.body).recordingId === recording.recordingId);
  await until(() => mine().length === 1);
  await first.close();
  assert.equal(readdirSync(join(folder, '.webhooks')).filter((name) => name.endsWith('.json')).length, 1);
  receiver.failNext = 0;
  servers.push(await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, recordings }));
  await until(() => mine().length === 2);
  const [failed, sent] = mine();
  assert.equal(sent.headers['x-lifeline-delivery'], failed.headers['x-lifeline-delivery']);
  assert.equal(verify(sent).ok, true);
  await until(() => readdirSync(join(folder, '.webhooks')).length === 0);
});
