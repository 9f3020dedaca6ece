// Places in rooms taken by nobody: handshakes abandoned mid-check, dropped sockets holding a
// full room, and one address opening sockets without end. Real clients, a real server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { io } from 'socket.io-client';
import { startSignalingServer } from '../helpers/server-under-test.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(server, room, participantId, extra = {}) {
  return io(server.url, {
    auth: { v: 1, room, participantId, instanceId: `${participantId}-tab`, name: participantId, ...extra },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
}

/** 'welcome' or the refusal's code. */
function outcome(socket) {
  return new Promise((resolve) => {
    socket.once('welcome', () => resolve('welcome'));
    socket.once('connect_error', (error) => resolve(error.data?.code ?? error.message));
  });
}

test('a handshake abandoned while authorize is still deciding takes no place in the room', async () => {
  const server = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, authorize: () => sleep(400).then(() => true) });
  try {
    const ghost = connect(server, 'ghost-room', 'ghost');
    await sleep(100);
    ghost.io.engine.close(); // gone before the hook answers
    await sleep(600);
    assert.equal(await server.store.get('ghost-room', 'ghost'), undefined);
  } finally {
    await server.close();
  }
});

test('a dropped member holds its place in a full room only for heldPlaceMs; then a newcomer gets it and the room hears the leave', async () => {
  const server = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, maxParticipants: 2, heldPlaceMs: 500 });
  try {
    const ada = connect(server, 'held-room', 'ada');
    const bob = connect(server, 'held-room', 'bob');
    assert.deepEqual(await Promise.all([outcome(ada), outcome(bob)]), ['welcome', 'welcome']);
    const left = [];
    ada.on('message', (m) => m.type === 'LEAVE' && left.push(m.fromId));
    bob.io.engine.close(); // Bob's network dies: his place is held for him
    await sleep(100);
    assert.equal(await outcome(connect(server, 'held-room', 'carol')), 'room_full', 'held at first');
    await sleep(500);
    const carol = connect(server, 'held-room', 'carol');
    assert.equal(await outcome(carol), 'welcome', 'given to a newcomer once held long enough');
    // Across nodes a broadcast goes through Redis: it may arrive a moment after the welcome.
    for (let waited = 0; left.length === 0 && waited < 2_000; waited += 20) await sleep(20);
    assert.deepEqual(left, ['bob']);
    assert.equal(await server.store.get('held-room', 'bob'), undefined);
    ada.disconnect();
    carol.disconnect();
  } finally {
    await server.close();
  }
});

test('one address may open only so many connections, and join only so often', async () => {
  const server = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, addressLimits: { connections: 3, joinsPerMinute: 5 } });
  try {
    const sockets = [0, 1, 2].map((i) => connect(server, `room-${i}`, `p${i}`));
    assert.deepEqual(await Promise.all(sockets.map(outcome)), ['welcome', 'welcome', 'welcome']);
    assert.equal(await outcome(connect(server, 'room-3', 'p3')), 'too_many_connections');
    sockets[0].disconnect();
    await sleep(100);
    // A connection is free again: joins 4 and 5 of the minute get in.
    const fourth = connect(server, 'room-4', 'p4');
    assert.equal(await outcome(fourth), 'welcome');
    assert.equal(await outcome(connect(server, 'room-5', 'p5')), 'too_many_connections');
    sockets[1].disconnect();
    await sleep(100);
    const fifth = connect(server, 'room-6', 'p6');
    assert.equal(await outcome(fifth), 'welcome');
    // Connections free, but five joins this minute are spent.
    sockets[2].disconnect();
    await sleep(100);
    assert.equal(await outcome(connect(server, 'room-7', 'p7')), 'rate_limited');
    fifth.disconnect();
    for (const socket of [...sockets, fourth]) socket.disconnect();
  } finally {
    await server.close();
  }
});
