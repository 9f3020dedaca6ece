// The reference server tried as an attacker would, with real Socket.IO clients against a real
// server in this process: each test here failed before the server was fixed for it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { io } from 'socket.io-client';
import { startSignalingServer } from '../helpers/server-under-test.mjs';

let server;
const lines = [];
/** What the host's authorize hook does for a participant id: allow by default. */
const authorizeAs = new Map();

before(async () => {
  server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    recoveryWindowMs: 5_000,
    log: (line) => lines.push(line),
    authorize: async (request) => {
      const how = authorizeAs.get(request.participantId);
      if (how === 'throw') throw new Error('jwt malformed');
      if (how === 'reject') return Promise.reject(new Error('signature verification failed'));
      return true;
    },
  });
});
after(() => server.close());

let rooms = 0;
const freshRoom = () => `abuse-${process.pid}-${++rooms}`;

function connect(room, participantId, extra = {}, options = {}) {
  return io(server.url, {
    auth: { v: 1, room, participantId, instanceId: `${participantId}-tab-1`, name: participantId, ...extra },
    transports: ['websocket'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 100,
    forceNew: true,
    ...options,
  });
}

const once = (emitter, event, ms = 5000) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} in ${ms} ms`)), ms);
    emitter.once(event, (value) => (clearTimeout(timer), resolve(value)));
  });

/** Resolves with the first message of `type` the socket receives. */
const nextMessage = (socket, type, ms = 5000) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} in ${ms} ms`)), ms);
    const onMessage = (message) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(message);
    };
    socket.on('message', onMessage);
  });

const send = (socket, message) => new Promise((resolve) => socket.emit('message', { v: 1, ...message }, resolve));

test('an authorize hook that throws or rejects refuses that one connection, and the server keeps serving', async () => {
  const room = freshRoom();
  for (const [id, how] of [
    ['thrower', 'throw'],
    ['rejecter', 'reject'],
  ]) {
    authorizeAs.set(id, how);
    const socket = connect(room, id);
    const error = await once(socket, 'connect_error');
    socket.disconnect();
    assert.equal(error.data.code, 'not_authorized');
  }
  assert.ok(lines.some((line) => line.startsWith('error refused') && line.includes('participant=thrower') && line.includes('jwt malformed')));
  // Still serving: a participant the hook allows gets in.
  const ada = connect(room, 'ada');
  await once(ada, 'welcome');
  ada.disconnect();
});

test('the instanceId a JOIN tells the room is no credential: presenting it while its owner is connected is refused', async () => {
  const room = freshRoom();
  const eve = connect(room, 'eve'); // a silent member, listening
  await once(eve, 'welcome');
  const ada = connect(room, 'ada', { instanceId: 'a1b2c3d4-ada-tab' });
  const adaWelcome = await once(ada, 'welcome');
  const heard = nextMessage(eve, 'JOIN');
  assert.deepEqual(await send(ada, { type: 'JOIN', toId: '*', payload: { instanceId: 'a1b2c3d4-ada-tab', name: 'Ada', audio: true, video: true } }), {
    ok: true,
  });
  const { payload } = await heard;
  assert.equal(payload.instanceId, 'a1b2c3d4-ada-tab', 'the room learns the instance id');

  // Eve presents Ada's room, id and instance id from a socket of her own.
  const mallory = connect(room, 'ada', { instanceId: payload.instanceId }, { reconnection: false });
  let malloryWelcome = null;
  mallory.on('welcome', (w) => (malloryWelcome = w));
  const error = await once(mallory, 'connect_error');
  assert.equal(error.data.code, 'already_in_room');
  assert.equal(malloryWelcome, null, 'no leave token handed out');

  // Ada keeps her place: messages for her still reach her socket.
  const toAda = nextMessage(ada, 'SOCKET_PING');
  assert.deepEqual(await send(eve, { type: 'SOCKET_PING', toId: 'ada', payload: { sessionId: 'session-0001', seq: 1 } }), { ok: true });
  assert.equal((await toAda).fromId, 'eve');
  assert.ok(adaWelcome.leaveToken);
  for (const socket of [eve, ada, mallory]) socket.disconnect();
});

test('a tab whose connection could not be recovered comes back with its resume token, and only with it', async () => {
  const room = freshRoom();
  const ada = connect(room, 'ada', {}, { reconnection: false });
  const first = await once(ada, 'welcome');
  assert.match(first.resumeToken, /^[A-Za-z0-9_-]{20,}$/);
  ada.io.engine.close(); // the transport dies; the server holds Ada's place
  await sleep(200);

  // The same tab on a fresh connection (no Socket.IO session to recover), with its token: her session.
  const back = connect(room, 'ada', { resumeToken: first.resumeToken }, { reconnection: false });
  const resumed = await once(back, 'welcome');
  assert.equal(resumed.joinSeq, first.joinSeq);
  back.io.engine.close();
  await sleep(200);

  // Her instance id with a guessed token: a session of its own, not hers.
  const guess = connect(room, 'ada', { resumeToken: 'x'.repeat(24) }, { reconnection: false });
  const guessed = await once(guess, 'welcome');
  assert.notEqual(guessed.joinSeq, first.joinSeq);
  assert.notEqual(guessed.leaveToken, first.leaveToken);
  guess.disconnect();
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('client values reach the log quoted and cut short: no forged lines, no 60,000-character line', async () => {
  const from = lines.length;
  const forged = '\njoin room=abuse participant=forged seq=1';
  const socket = connect(freshRoom(), 'ada', { v: `${'9'.repeat(60_000)}${forged}` }, { reconnection: false });
  assert.equal((await once(socket, 'connect_error')).data.code, 'unsupported_version');
  socket.disconnect();
  const beacon = await fetch(`${server.url}/lifeline/leave`, {
    method: 'POST',
    body: JSON.stringify({ room: `lobby${forged}${'x'.repeat(1500)}`, participantId: 'ada', instanceId: 'ada-tab-1', leaveToken: 'guess' }),
  });
  assert.equal(beacon.status, 403);
  const written = lines.slice(from).filter((line) => line.startsWith('error'));
  assert.equal(written.length, 2, JSON.stringify(written));
  for (const line of written) {
    assert.ok(!line.includes('\n'), `one line: ${line}`);
    assert.ok(line.length <= 300, `short: ${line.length} characters`);
  }
  assert.ok(!lines.some((line) => line.startsWith('join room=abuse participant=forged')));
});

test('the server stamps the admitted name on JOIN and CALLING: a member cannot rename itself to the room', async () => {
  const room = freshRoom();
  const eve = connect(room, 'eve', { name: 'Eve' });
  const ada = connect(room, 'ada', { name: 'Ada' });
  await Promise.all([once(eve, 'welcome'), once(ada, 'welcome')]);
  const join = nextMessage(ada, 'JOIN');
  await send(eve, { type: 'JOIN', toId: '*', payload: { instanceId: 'eve-tab-1', name: 'Dr. Ada (host)', audio: true, video: true } });
  assert.equal((await join).payload.name, 'Eve');
  const calling = nextMessage(ada, 'CALLING');
  await send(eve, { type: 'CALLING', toId: 'ada', payload: { sessionId: 'session-0002', name: 'Dr. Ada (host)', video: true } });
  assert.equal((await calling).payload.name, 'Eve');
  eve.disconnect();
  ada.disconnect();
});

test('with corsOrigins set, a WebSocket or polling handshake from another site is refused; its own site and the listed ones get in', async () => {
  const strict = await startSignalingServer({ port: 0, host: '127.0.0.1', corsOrigins: ['https://crm.example'], log: () => {} });
  try {
    const attempt = (origin, transport) =>
      new Promise((resolve) => {
        const socket = io(strict.url, {
          auth: { v: 1, room: 'cors-room', participantId: `p${Math.random().toString(36).slice(2, 8)}`, instanceId: `i-${Date.now()}`, name: 'x' },
          transports: [transport],
          extraHeaders: { origin },
          reconnection: false,
          forceNew: true,
        });
        socket.once('welcome', () => (socket.disconnect(), resolve('admitted')));
        socket.once('connect_error', (error) => (socket.disconnect(), resolve(`refused: ${error.message}`)));
      });
    for (const transport of ['websocket', 'polling']) {
      assert.match(await attempt('https://evil.example', transport), /^refused/, transport);
      assert.equal(await attempt('https://crm.example', transport), 'admitted', transport);
      assert.equal(await attempt(strict.url, transport), 'admitted', `${transport}, its own origin`);
    }
  } finally {
    await strict.close();
  }
});

test('a connection recovering after its access was revoked receives none of what it missed, not even on the wire', async () => {
  const room = freshRoom();
  const ada = connect(room, 'ada-revoked');
  const eve = connect(room, 'eve');
  await Promise.all([once(ada, 'welcome'), once(eve, 'welcome')]);
  const wire = [];
  ada.io.on('packet', (packet) => packet.type === 2 && wire.push(packet.data));
  ada.io.engine.close(); // a transport loss: the client comes back asking to recover its session
  authorizeAs.set('ada-revoked', 'throw'); // meanwhile the host revoked her access
  await sleep(50);
  assert.deepEqual(await send(eve, { type: 'SOCKET_PING', toId: 'ada-revoked', payload: { sessionId: 'session-0003', seq: 7 } }), { ok: true });
  const error = await once(ada, 'connect_error');
  assert.equal(error.data.code, 'not_authorized');
  await sleep(200);
  assert.deepEqual(wire, [], 'nothing relayed while she was away reached her connection');
  ada.disconnect();
  eve.disconnect();
});

test('a connection recovering with another identity keeps nothing of the old one: not its room, not its place', async () => {
  const [roomA, roomB] = [freshRoom(), freshRoom()];
  const ada = connect(roomA, 'ada');
  const eve = connect(roomA, 'eve');
  await Promise.all([once(ada, 'welcome'), once(eve, 'welcome')]);
  ada.auth = { ...ada.auth, room: roomB }; // the next attempt claims another room
  ada.io.engine.close();
  await once(ada, 'welcome');
  assert.equal(await server.store.get(roomA, 'ada'), undefined, 'her place in the first room is gone');
  assert.ok(await server.store.get(roomB, 'ada'), 'she is in the room she now claims');
  const heard = [];
  ada.on('message', (m) => heard.push(m));
  await send(eve, { type: 'JOIN', toId: '*', payload: { instanceId: 'eve-tab-1', name: 'Eve', audio: true, video: true } });
  // A fence, not a fixed wait: the server relayed Eve's JOIN (if at all) before it acked it, so
  // a message from Ada's new room, sent after that ack, reaches her after anything of Eve's.
  const bob = connect(roomB, 'bob');
  await once(bob, 'welcome');
  const fromBob = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message from her new room in 10 s')), 10_000);
    ada.on('message', (m) => m.fromId === 'bob' && (clearTimeout(timer), resolve()));
  });
  await send(bob, { type: 'ENUM', toId: '*', payload: {} });
  await fromBob;
  assert.deepEqual(
    heard.filter((m) => m.fromId === 'eve'),
    [],
    'nothing of the first room reaches her',
  );
  ada.disconnect();
  eve.disconnect();
  bob.disconnect();
});

test('removeParticipant ends the session, the room hears the leave, and neither recovery nor a new join gets back in', async () => {
  const room = freshRoom();
  const eve = connect(room, 'eve');
  const ada = connect(room, 'ada');
  await Promise.all([once(eve, 'welcome'), once(ada, 'welcome')]);
  const left = nextMessage(eve, 'LEAVE');
  const refused = once(ada, 'refused');
  assert.equal(await server.removeParticipant(room, 'ada'), true);
  assert.equal((await left).fromId, 'ada');
  assert.equal((await refused).code, 'removed');
  assert.equal(await server.store.get(room, 'ada'), undefined);
  // A new connection of hers is refused too.
  const back = connect(room, 'ada', {}, { reconnection: false });
  assert.equal((await once(back, 'connect_error')).data.code, 'removed');
  assert.equal(await server.removeParticipant(room, 'nobody'), false);
  eve.disconnect();
});
