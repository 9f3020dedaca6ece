// Node-side checks of the reference server that need a server of their own: the host's
// authorize hook, re-run when a socket recovers its session, and the log lines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { io } from 'socket.io-client';
import { startSignalingServer } from '../../build/server/signaling-server.js';

let server;
const lines = [];
const authorizations = [];
let refuse = new Set();

before(async () => {
  server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    log: (line) => lines.push(line),
    authorize: (request) => {
      authorizations.push(request.participantId);
      return !refuse.has(request.participantId);
    },
  });
});
after(() => server.close());

function connect(participantId, extra = {}) {
  const socket = io(server.url, {
    auth: { v: 1, room: 'auth-room', participantId, instanceId: `${participantId}-i1`, name: 'Ada', ...extra },
    transports: ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 100,
    forceNew: true,
  });
  return socket;
}

const once = (emitter, event, ms = 5000) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} in ${ms} ms`)), ms);
    emitter.once(event, (value) => (clearTimeout(timer), resolve(value)));
  });

test('the authorize hook refuses a participant with not_authorized', async () => {
  refuse = new Set(['mallory']);
  const socket = connect('mallory');
  const error = await once(socket, 'connect_error');
  socket.disconnect();
  assert.equal(error.data.code, 'not_authorized');
});

test('a recovered socket goes through authorize again, and is refused once no longer allowed', async () => {
  refuse = new Set();
  const socket = connect('ada');
  await once(socket, 'welcome');
  const before = authorizations.filter((id) => id === 'ada').length;

  socket.io.engine.close(); // a transport loss: the client reconnects and recovers its session
  await once(socket, 'connect');
  assert.equal(socket.recovered, true);
  assert.equal(authorizations.filter((id) => id === 'ada').length, before + 1);

  refuse = new Set(['ada']); // say the host revoked Ada's session meanwhile
  socket.io.engine.close();
  const error = await once(socket, 'connect_error');
  assert.equal(error.data.code, 'not_authorized');
  socket.disconnect();
});

test('logs one line per join and leave, with ids only and never the names people chose', async () => {
  refuse = new Set();
  const socket = connect('bob', { name: 'Bob\nleave room=auth-room participant=ada reason=forged' });
  await once(socket, 'welcome');
  socket.disconnect();
  // The server's own leave line, not a fixed wait, says it has handled the disconnect.
  for (const deadline = Date.now() + 5_000; !lines.some((line) => line.startsWith('leave ') && line.includes('participant=bob'));) {
    assert.ok(Date.now() < deadline, 'no leave line for bob in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const bobLines = lines.filter((line) => line.includes('participant=bob'));
  assert.deepEqual(
    bobLines.map((line) => line.split(' ')[0]),
    ['join', 'leave'],
  );
  assert.ok(lines.every((line) => !line.includes('forged') && !line.includes('\n')));
});

/** Resolves once `ready()` holds; rejects after `ms`, so a message that never comes fails the test instead of hanging it. */
async function until(ready, what, ms = 5000) {
  for (const end = Date.now() + ms; !ready(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
  }
}

test('what was sent to a socket while its connection was down arrives once, in order, when it recovers', async () => {
  refuse = new Set();
  const ada = connect('ada-sender');
  const bob = connect('bob-receiver');
  try {
    await Promise.all([once(ada, 'welcome'), once(bob, 'welcome')]);
    const session = crypto.randomUUID();
    const seen = [];
    bob.on('message', (message) => message.type === 'SOCKET_PING' && seen.push(message.payload.seq));
    const ping = (seq) =>
      new Promise((resolve) => ada.emit('message', { v: 1, type: 'SOCKET_PING', toId: 'bob-receiver', payload: { sessionId: session, seq } }, resolve));
    assert.deepEqual(await ping(0), { ok: true });
    // Bob's transport dies; Ada goes on sending until the server has noticed, and after.
    const reconnected = once(bob, 'connect');
    bob.io.engine.close();
    for (let seq = 1; seq <= 20; seq++) assert.deepEqual(await ping(seq), { ok: true });
    await reconnected;
    assert.equal(bob.recovered, true);
    await until(() => seen.length >= 21, 'the pings sent while Bob was away');
    // One more after recovery: had any arrived twice, it would be counted before this one.
    assert.deepEqual(await ping(21), { ok: true });
    await until(() => seen.includes(21), 'the ping after recovery');
    assert.deepEqual(
      seen,
      Array.from({ length: 22 }, (_, i) => i),
    );
  } finally {
    ada.disconnect();
    bob.disconnect();
  }
});
