// A flood against the real server, from real Socket.IO clients in this process: the flooder is
// cut off, the others in its room carry on, and what the server keeps for recovery is bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { io } from 'socket.io-client';
import { startSignalingServer } from '../../build/server/signaling-server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

function join(server, room, participantId) {
  const socket = io(server.url, {
    auth: { v: 1, room, participantId, instanceId: `${participantId}-tab`, name: participantId },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('welcome', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const signal = (toId, sdpBytes, seq = 0) => ({
  v: 1,
  type: 'SIGNAL',
  toId,
  payload: { sessionId: `session-${String(seq).padStart(6, '0')}`, description: { type: 'offer', sdp: 'v'.repeat(sdpBytes) } },
});

test(
  'a client flooding as fast as it can is cut off within 2 s; the two others in its room keep talking without a gap; the heap stays flat',
  { timeout: 60_000 },
  async () => {
    const lines = [];
    const server = await startSignalingServer({ port: 0, host: '127.0.0.1', log: (line) => lines.push(line) });
    try {
      const room = 'flood-room';
      const ada = await join(server, room, 'ada');
      const bob = await join(server, room, 'bob');
      const flooder = await join(server, room, 'flooder');
      const heapBefore = heapMb();

      // Ada pings Bob every 50 ms, as a call's signaling would; Bob notes when each arrives.
      const arrivals = [];
      bob.on('message', (m) => m.fromId === 'ada' && arrivals.push(performance.now()));
      let seq = 0;
      const pings = setInterval(
        () => ada.emit('message', { v: 1, type: 'SOCKET_PING', toId: 'bob', payload: { sessionId: 'session-ada-bob', seq: seq++ } }),
        50,
      );
      let floodReachedAda = 0;
      ada.on('message', (m) => m.fromId === 'flooder' && floodReachedAda++);

      const started = performance.now();
      let cutOffAt = null;
      let refusedWith = null;
      flooder.on('refused', (why) => (refusedWith = why));
      flooder.on('disconnect', () => (cutOffAt = performance.now()));
      // As fast as it can: 8 KB offers to Ada, 100 to a turn, until the server closes it (or 5 s).
      while (cutOffAt === null && performance.now() - started < 5_000) {
        for (let i = 0; i < 100; i++) flooder.emit('message', signal('ada', 8 * 1024, i));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await sleep(1_000); // the pings go on after the flood
      clearInterval(pings);

      assert.ok(cutOffAt !== null, 'the flooder was cut off');
      assert.ok(cutOffAt - started < 2_000, `cut off after ${Math.round(cutOffAt - started)} ms`);
      assert.deepEqual(refusedWith?.code, 'rate_limited');
      assert.ok(lines.some((line) => line.startsWith('error cut off') && line.includes('participant=flooder')));
      // At most its burst and what the rate allows reached Ada.
      assert.ok(floodReachedAda <= 200 + 50 * 2, `${floodReachedAda} flood messages reached Ada`);
      const during = arrivals.filter((at) => at >= started);
      const gaps = during.slice(1).map((at, i) => at - during[i]);
      assert.ok(during.length >= 20, `${during.length} pings reached Bob during and after the flood`);
      assert.ok(Math.max(...gaps) < 500, `longest gap between pings ${Math.round(Math.max(...gaps))} ms`);
      assert.equal(ada.connected && bob.connected, true, 'Ada and Bob still connected');
      const grown = heapMb() - heapBefore;
      assert.ok(grown < 20, `heap grew ${grown.toFixed(1)} MB`);
      ada.disconnect();
      bob.disconnect();
    } finally {
      await server.close();
    }
  },
);

test('what the server keeps for recovering connections is capped: 300 messages of 60 KB leave at most the cap', { timeout: 60_000 }, async () => {
  const cap = 8 * 2 ** 20;
  const server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    recoveryBufferBytes: cap,
    // Limits high enough to let this sender through: the cap must hold on its own.
    limits: { messagesPerSecond: 10_000, messageBurst: 10_000, bytesPerSecond: 2 ** 30, byteBurst: 2 ** 30 },
    log: () => {},
  });
  try {
    const ada = await join(server, 'buffer-room', 'ada');
    const bob = await join(server, 'buffer-room', 'bob');
    const heapBefore = heapMb();
    let received = 0;
    bob.on('message', () => received++);
    for (let i = 0; i < 300; i++) {
      const ack = await new Promise((resolve) => ada.emit('message', signal('bob', 60 * 1024, i), resolve));
      assert.deepEqual(ack, { ok: true });
    }
    while (received < 300) await sleep(20);
    const { keptBytes, keptMessages } = server.io.of('/').adapter;
    assert.ok(keptBytes <= cap, `${(keptBytes / 2 ** 20).toFixed(1)} MB kept for recovery`);
    assert.ok(keptMessages > 0, 'the newest messages are still kept');
    const grown = heapMb() - heapBefore;
    assert.ok(grown < 16, `heap grew ${grown.toFixed(1)} MB`);
    ada.disconnect();
    bob.disconnect();
  } finally {
    await server.close();
  }
});
