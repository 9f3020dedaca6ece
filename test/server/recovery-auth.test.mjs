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
  for (const deadline = Date.now() + 5_000; !lines.some((line) => line.startsWith('leave ') && line.includes('participant=bob')); ) {
    assert.ok(Date.now() < deadline, 'no leave line for bob in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const bobLines = lines.filter((line) => line.includes('participant=bob'));
  assert.deepEqual(bobLines.map((line) => line.split(' ')[0]), ['join', 'leave']);
  assert.ok(lines.every((line) => !line.includes('forged') && !line.includes('\n')));
});
