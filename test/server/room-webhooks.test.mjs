// The room webhooks as the host's backend sees them: who joined and left, when a room started and
// finished, each delivery signed; retried while the receiver is down, kept on disk across a
// restart, and bounded. Real clients, a real server, a real receiver.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { io } from 'socket.io-client';
import { signJoinToken, verifyWebhook } from '../../build/server/index.js';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { startWebhookReceiver, until } from '../helpers/recording-sink-client.mjs';

const SECRET = 'room-webhook-secret-0123456789';
const TOKEN_SECRET = 'a-join-token-secret-of-at-least-32-chars';
const root = mkdtempSync(join(tmpdir(), 'lifeline-room-webhooks-'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let receiver;
before(async () => {
  receiver = await startWebhookReceiver();
});
after(async () => {
  await receiver.close();
  rmSync(root, { recursive: true, force: true });
});

/** A server posting to the receiver; its log lines in `lines`. */
async function startServer(webhooks = {}, extra = {}) {
  const lines = [];
  const server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    log: (line) => lines.push(line),
    webhooks: { url: receiver.url, secret: SECRET, retryDelaysMs: [50, 50], ...webhooks },
    ...extra,
  });
  return Object.assign(server, { lines });
}

/** Joins and resolves with the socket and its welcome, or rejects with the refusal's code. */
function join_(server, room, participantId, auth = {}) {
  const socket = io(server.url, {
    auth: { v: 1, room, participantId, instanceId: `${participantId}-tab`, name: participantId, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('welcome', (welcome) => resolve({ socket, welcome }));
    socket.once('connect_error', (error) => reject(new Error(error.data?.code ?? error.message)));
  });
}

/** The deliveries about a room, oldest first: `{ headers, body, event }`. */
const about = (room) => receiver.deliveries.map((d) => ({ ...d, event: JSON.parse(d.body) })).filter((d) => d.event.room === room);
/** What each event said, without its time. */
const said = (deliveries) => deliveries.map(({ event: { at, durationMs, ...rest } }) => rest);
const pendingFiles = (folder) => readdirSync(folder).filter((name) => name.endsWith('.json'));

test('a receiver hears the room start, each join and leave, and the room finish, in order, each delivery verifying', async () => {
  const server = await startServer({}, { tokens: { secret: TOKEN_SECRET } });
  try {
    const token = (sub, role) => signJoinToken({ room: 'clinic', sub, name: `Dr. ${sub}`, role }, { secret: TOKEN_SECRET });
    const ada = await join_(server, 'clinic', 'ada', { token: await token('ada', 'host') });
    const bob = await join_(server, 'clinic', 'bob', { token: await token('bob', 'guest') });
    bob.socket.disconnect();
    await until(() => about('clinic').length === 4);
    ada.socket.disconnect();
    await until(() => about('clinic').length === 6);

    const deliveries = about('clinic');
    assert.deepEqual(said(deliveries), [
      { event: 'room.started', room: 'clinic' },
      { event: 'participant.joined', room: 'clinic', participantId: 'ada', name: 'Dr. ada', role: 'host', joinSeq: 1 },
      { event: 'participant.joined', room: 'clinic', participantId: 'bob', name: 'Dr. bob', role: 'guest', joinSeq: 2 },
      { event: 'participant.left', room: 'clinic', participantId: 'bob', name: 'Dr. bob', role: 'guest', joinSeq: 2, reason: 'client_namespace_disconnect' },
      { event: 'participant.left', room: 'clinic', participantId: 'ada', name: 'Dr. ada', role: 'host', joinSeq: 1, reason: 'client_namespace_disconnect' },
      { event: 'room.finished', room: 'clinic' },
    ]);
    const [started, , , , , finished] = deliveries.map((d) => d.event);
    assert.ok(Math.abs(started.at - Date.now()) < 10_000, 'epoch ms');
    assert.equal(finished.durationMs, finished.at - started.at);
    const verified = deliveries.map((d) => verifyWebhook(SECRET, d.body, d.headers));
    assert.ok(
      verified.every((v) => v.ok),
      'each delivery verifies',
    );
    assert.equal(new Set(verified.map((v) => v.deliveryId)).size, 6, 'one delivery id per event');
    await sleep(100);
    assert.equal(about('clinic').length, 6, 'nothing twice');
    assert.ok(server.lines.includes('room webhook delivered event=participant.joined room=clinic participant=bob attempt=1'));
  } finally {
    await server.close();
  }
});

test('a member coming back is no new join; a new tab taking a dead one’s place is a leave and a join', async () => {
  const server = await startServer();
  try {
    const first = await join_(server, 'ward', 'ada');
    first.socket.io.engine.close(); // the network drops: the place is held
    await until(() => server.lines.some((line) => line.startsWith('hold room=ward participant=ada')));
    const back = await join_(server, 'ward', 'ada', { resumeToken: first.welcome.resumeToken });
    assert.equal(back.welcome.joinSeq, 1, 'the same member');
    back.socket.io.engine.close();
    await until(() => server.lines.filter((line) => line.startsWith('hold room=ward participant=ada')).length === 2);
    const newTab = await join_(server, 'ward', 'ada', { instanceId: 'ada-new-tab' });
    assert.equal(newTab.welcome.joinSeq, 2);
    assert.equal(await server.removeParticipant('ward', 'ada'), true);
    await until(() => about('ward').length === 6);
    assert.deepEqual(
      said(about('ward')).map((e) => [e.event, e.joinSeq, e.reason]),
      [
        ['room.started', undefined, undefined],
        ['participant.joined', 1, undefined],
        ['participant.left', 1, 'replaced'],
        ['participant.joined', 2, undefined],
        ['participant.left', 2, 'removed'],
        ['room.finished', undefined, undefined],
      ],
    );
    assert.equal(about('ward')[1].event.role, null, 'no role without tokens');
  } finally {
    await server.close();
  }
});

test('a receiver down at first gets each event after retries, under the same delivery id, freshly signed', async () => {
  const server = await startServer({ retryDelaysMs: [100, 100, 100] });
  try {
    receiver.failNext = 3;
    const ada = await join_(server, 'retry-room', 'ada');
    await until(() => about('retry-room').length === 5);
    const byId = new Map();
    for (const d of about('retry-room')) byId.set(d.headers['x-lifeline-delivery'], [...(byId.get(d.headers['x-lifeline-delivery']) ?? []), d]);
    assert.equal(byId.size, 2, 'room.started and participant.joined');
    for (const [id, attempts] of byId) {
      assert.ok(attempts.length >= 2, 'failed at first, then taken');
      assert.ok(
        attempts.every((a) => a.body === attempts[0].body),
        'the same body on every attempt',
      );
      const last = verifyWebhook(SECRET, attempts.at(-1).body, attempts.at(-1).headers);
      assert.deepEqual(last, { ok: true, deliveryId: id, timestamp: Number(attempts.at(-1).headers['x-lifeline-timestamp']) });
    }
    assert.ok(server.lines.includes('error room webhook event=room.started room=retry-room attempt=1: status 500'));
    // The server logs a delivery once the receiver's answer is back, just after the receiver counted it.
    await until(() => server.lines.some((line) => /^room webhook delivered event=room\.started room=retry-room attempt=[2-9]$/.test(line)));
    ada.socket.disconnect();
  } finally {
    await server.close();
  }
});

test('deliveries pending when a server closes are sent by the next one on the same folder, with their ids', async () => {
  const folder = join(root, 'restart');
  receiver.failNext = Infinity;
  const first = await startServer({ folder, retryDelaysMs: [1_500] });
  await join_(first, 'restart-room', 'ada');
  await until(() => about('restart-room').length === 2);
  const triedIds = about('restart-room').map((d) => d.headers['x-lifeline-delivery']);
  assert.deepEqual(pendingFiles(folder).sort(), triedIds.map((id) => `${id}.json`).sort(), 'on disk before the first attempt');
  // Closing sends nothing more: Ada's leave and the room's end wait in the folder with the others.
  await first.close();
  assert.equal(about('restart-room').length, 2);
  const kept = pendingFiles(folder).map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')));
  assert.equal(kept.length, 4);
  assert.deepEqual(kept.map((d) => d.attempts).sort(), [0, 0, 1, 1]);

  receiver.failNext = 0;
  const second = await startServer({ folder });
  try {
    await until(() => about('restart-room').length === 6, 5_000); // two were due 1.5 s after their first try
    const resent = about('restart-room').slice(2);
    assert.ok(resent.every((d) => verifyWebhook(SECRET, d.body, d.headers).ok));
    const ids = resent.map((d) => d.headers['x-lifeline-delivery']);
    assert.ok(
      triedIds.every((id) => ids.includes(id)),
      'a retry after the restart keeps its delivery id',
    );
    assert.deepEqual(
      said(resent)
        .map((e) => e.reason ?? e.event)
        .sort(),
      ['participant.joined', 'room.finished', 'room.started', 'server_shutting_down'],
    );
    assert.ok(second.lines.includes('room webhook resumed 4 pending deliveries'));
    await until(() => pendingFiles(folder).length === 0);
  } finally {
    await second.close();
  }
});

test('at most maxPending deliveries wait; past that the oldest is dropped, from the folder too, with a log line', async () => {
  const folder = join(root, 'bounded');
  receiver.failNext = Infinity;
  const server = await startServer({ folder, maxPending: 3, retryDelaysMs: [60_000] });
  try {
    const ada = await join_(server, 'full-room', 'ada');
    const bob = await join_(server, 'full-room', 'bob');
    bob.socket.disconnect();
    await until(() => server.lines.some((line) => line.startsWith('leave room=full-room participant=bob')));
    await until(() => pendingFiles(folder).length === 3);
    await sleep(100);
    const kept = pendingFiles(folder).map((name) => JSON.parse(JSON.parse(readFileSync(join(folder, name), 'utf8')).body));
    assert.deepEqual(
      kept.map((e) => `${e.event} ${e.participantId}`).sort(),
      ['participant.joined ada', 'participant.joined bob', 'participant.left bob'],
      'the newest three',
    );
    assert.ok(server.lines.some((line) => /^error room webhook event=room\.started room=full-room attempt=[01]: dropped, 3 deliveries pending$/.test(line)));
    ada.socket.disconnect();
    await until(() => server.lines.filter((line) => line.includes(': dropped, 3 deliveries pending')).length === 3);
    // The newest is renamed into place just after the oldest goes: the folder settles at the bound.
    await until(() => pendingFiles(folder).length === 3);
    await sleep(100);
    assert.equal(pendingFiles(folder).length, 3);
  } finally {
    await server.close();
    receiver.failNext = 0;
  }
});
