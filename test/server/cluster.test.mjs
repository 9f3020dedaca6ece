// Two reference server nodes sharing one real Redis (Debian's redis-server): a room spread over
// both, its capacity and duplicate tabs exact under races, the waiting room and removal across
// nodes, and a node that dies mid-call with its clients recovering their sessions on another.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { io } from 'socket.io-client';
import { signJoinToken } from '../../build/server/join-token.js';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { startWebhookReceiver } from '../helpers/recording-sink-client.mjs';
import { startRedis } from '../helpers/redis.mjs';

const SECRET = 'a-cluster-token-secret-of-32-characters';
let redis;
let nodes = [];
before(async () => {
  redis = await startRedis();
});
after(async () => {
  await Promise.allSettled(nodes.map((node) => node.close()));
  await redis?.close();
});

const base = (extra = {}) => ({ port: 0, host: '127.0.0.1', log: () => {}, redis: { url: redis.url }, recoveryWindowMs: 20_000, ...extra });
async function twoNodes(extra) {
  const pair = [await startSignalingServer(base(extra)), await startSignalingServer(base(extra))];
  nodes.push(...pair);
  return pair;
}
const sockets = [];
after(() => sockets.forEach((s) => s.disconnect()));

/** Joins through `node`; resolves with the socket, its welcome and what it hears, or rejects with the refusal's code. */
async function arrive(node, room, participantId, { token, url = node.url, options = {} } = {}) {
  const socket = io(url, {
    auth: {
      v: 1,
      room,
      participantId,
      instanceId: `tab-${participantId}-${Math.random().toString(36).slice(2, 8)}`,
      name: participantId,
      ...(token ? { token } : {}),
    },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  sockets.push(socket);
  const heard = { messages: [], room: [], refused: [], errors: [] };
  socket.on('message', (m) => heard.messages.push(m));
  socket.on('room', (e) => heard.room.push(e));
  socket.on('refused', (why) => heard.refused.push(why.code));
  socket.on('connect_error', (error) => heard.errors.push(error.data?.code ?? error.message));
  // As the SDK's transport does: every later attempt carries the resume token of the last welcome.
  socket.on('welcome', (w) => w.resumeToken && (socket.auth = { ...socket.auth, resumeToken: w.resumeToken }));
  const welcome = await new Promise((resolve, reject) => {
    socket.once('welcome', resolve);
    socket.once('connect_error', (error) => reject(Object.assign(new Error(error.data?.code ?? error.message), { code: error.data?.code })));
  });
  return { socket, welcome, heard, id: participantId };
}
const send = (who, message) => who.socket.timeout(5000).emitWithAck('message', { v: 1, ...message });
const until = async (what, check, ms = 8000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
const outcome = (promise) =>
  promise.then(
    (who) => (who.welcome.waiting ? 'waiting' : 'joined'),
    (error) => error.code ?? error.message,
  );

test('two people on different nodes reach each other: broadcasts and addressed messages cross nodes, stamped', async () => {
  const [a, b] = await twoNodes();
  const ada = await arrive(a, 'across', 'ada');
  const bob = await arrive(b, 'across', 'bob');
  assert.ok(bob.welcome.joinSeq > ada.welcome.joinSeq, 'one join order for the room, whichever node');
  assert.deepEqual(await send(ada, { type: 'ENUM', toId: '*', payload: {} }), { ok: true });
  await until('bob hears ada', () => bob.heard.messages.some((m) => m.type === 'ENUM' && m.fromId === 'ada'));
  assert.deepEqual(
    await send(bob, { type: 'SIGNAL', toId: 'ada', fromId: 'mallory', payload: { sessionId: 'session-1234', candidate: { candidate: 'candidate:1' } } }),
    { ok: true },
  );
  await until('ada hears bob', () => ada.heard.messages.some((m) => m.type === 'SIGNAL' && m.fromId === 'bob'));
  assert.equal(
    (await send(ada, { type: 'SIGNAL', toId: 'nobody', payload: { sessionId: 'session-1234', candidate: { candidate: 'x' } } })).code,
    'peer_not_found',
  );
});

test('a room of four across two nodes: eight arriving at once on both, exactly four get in; a duplicate tab on the other node is refused', async () => {
  const [a, b] = await twoNodes();
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => outcome(arrive(i % 2 ? b : a, 'race', `p${i}`))));
  assert.equal(results.filter((r) => r === 'joined').length, 4, results.join(','));
  assert.equal(results.filter((r) => r === 'room_full').length, 4, results.join(','));
  assert.equal((await a.store.members('race')).length, 4);
  const inside = results.findIndex((r) => r === 'joined');
  const other = inside % 2 ? a : b;
  assert.equal(await outcome(arrive(other, 'race', `p${inside}`)), 'already_in_room');
  // Joins in the same room from both nodes still get one order, each number once.
  const seqs = (await a.store.members('race')).map((m) => m.joinSeq);
  assert.equal(new Set(seqs).size, 4);
});

test('the waiting room across nodes: a guest knocking on one node is seen, admitted and removed by a host on the other', async () => {
  const [a, b] = await twoNodes({ tokens: { secret: SECRET } });
  const token = (sub, role = 'guest') => signJoinToken({ room: 'clinic', sub, name: `Name ${sub}`, role, waitingRoom: true }, { secret: SECRET });
  const host = await arrive(a, 'clinic', 'doctor', { token: await token('doctor', 'host') });
  const guest = await arrive(b, 'clinic', 'patient', { token: await token('patient') });
  assert.equal(guest.welcome.waiting, true);
  await until('the knock reaches the host on the other node', () => host.heard.room.some((e) => e.type === 'knock' && e.participantId === 'patient'));
  assert.deepEqual(await host.socket.timeout(5000).emitWithAck('control', { action: 'admit', participantId: 'patient' }), { ok: true });
  await until('admitted, on its own node', () => guest.heard.room.some((e) => e.type === 'admitted'));
  assert.deepEqual(await send(guest, { type: 'ENUM', toId: '*', payload: {} }), { ok: true });
  await until('the host hears the admitted guest', () => host.heard.messages.some((m) => m.type === 'ENUM' && m.fromId === 'patient'));

  const closed = new Promise((resolve) => guest.socket.once('disconnect', resolve));
  assert.deepEqual(await host.socket.timeout(5000).emitWithAck('control', { action: 'remove', participantId: 'patient' }), { ok: true });
  await closed;
  assert.deepEqual(guest.heard.refused, ['removed']);
  await assert.rejects(arrive(a, 'clinic', 'patient', { token: await token('patient') }), { code: 'removed' });
});

/** A node in a process of its own, to be killed. */
async function nodeProcess(port = 0) {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `
    import { startSignalingServer } from './build/server/signaling-server.js';
    const server = await startSignalingServer({ port: ${port}, host: '127.0.0.1', log: (line) => process.env.CLUSTER_DEBUG && console.error(line), redis: { url: ${JSON.stringify(redis.url)} }, recoveryWindowMs: 20000 });
    console.log(server.port);
  `,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const listening = await new Promise((resolve, reject) => {
    child.stdout.once('data', (data) => resolve(Number(String(data).trim())));
    child.once('exit', (code) => reject(new Error(`node exited ${code}`)));
  });
  return { port: listening, url: `http://127.0.0.1:${listening}`, kill: () => child.kill('SIGKILL'), exited: new Promise((r) => child.once('exit', r)) };
}

test("room webhooks across nodes: a room spread over both starts and finishes once, and each member's join and leave is told once, whichever node takes it out", async () => {
  const receiver = await startWebhookReceiver();
  try {
    const [a, b] = await twoNodes({ webhooks: { url: receiver.url, retryDelaysMs: [50] } });
    const events = () => receiver.deliveries.map((d) => JSON.parse(d.body)).filter((e) => e.room === 'spread');
    const told = async (count) => {
      await until(
        `${count} events (${events()
          .map((e) => e.event)
          .join(', ')})`,
        () => events().length >= count,
      );
      await new Promise((r) => setTimeout(r, 100)); // and nothing more
      assert.equal(
        events().length,
        count,
        events()
          .map((e) => `${e.event} ${e.participantId ?? ''}`)
          .join(', '),
      );
    };
    const ada = await arrive(a, 'spread', 'ada');
    await told(2);
    const bob = await arrive(b, 'spread', 'bob');
    await told(3);
    await arrive(a, 'spread', 'cleo');
    await told(4);
    bob.socket.disconnect();
    await told(5);
    // A host's removal run on the other node: that node announces a member it never admitted.
    assert.equal(await b.removeParticipant('spread', 'cleo'), true);
    await told(6);
    ada.socket.disconnect();
    await told(8);
    assert.deepEqual(
      events().map((e) => [e.event, e.participantId, e.reason]),
      [
        ['room.started', undefined, undefined],
        ['participant.joined', 'ada', undefined],
        ['participant.joined', 'bob', undefined],
        ['participant.joined', 'cleo', undefined],
        ['participant.left', 'bob', 'client_namespace_disconnect'],
        ['participant.left', 'cleo', 'removed'],
        ['participant.left', 'ada', 'client_namespace_disconnect'],
        ['room.finished', undefined, undefined],
      ],
    );
    const [started, finished] = [events()[0], events()[7]];
    assert.equal(finished.durationMs, finished.at - started.at, 'the run timed from the start the other node recorded');

    // The room's next run starts afresh: join number 1 again, a new room.started.
    const again = await arrive(b, 'spread', 'dan');
    assert.equal(again.welcome.joinSeq, 1);
    await told(10);
    assert.equal(events()[8].event, 'room.started');
  } finally {
    await receiver.close();
  }
});

test('a node killed mid-call: its clients come back on a new node to the places they had, and the other side hears no leave', { timeout: 60_000 }, async () => {
  const [survivor] = [await startSignalingServer(base())];
  nodes.push(survivor);
  const doomed = await nodeProcess();
  const reconnecting = { reconnection: true, reconnectionDelay: 250, reconnectionDelayMax: 1000 };
  const ada = await arrive(survivor, 'kill', 'ada');
  const bob = await arrive(null, 'kill', 'bob', { url: doomed.url, options: reconnecting });
  const welcomes = [];
  bob.socket.on('welcome', (w) => welcomes.push(w));
  doomed.kill();
  await doomed.exited;
  const killedAt = Date.now();
  // A new node takes the dead one's address, as a restarted process or the proxy's other upstream would.
  const replacement = await nodeProcess(doomed.port);
  await until(`bob back (connection errors: ${bob.heard.errors.join(', ')})`, () => bob.socket.connected, 20_000);
  const backAfter = Date.now() - killedAt;
  // The dead node could not hand its connections' state to anyone: the place comes back with the resume token.
  await until('the welcome', () => welcomes.length > 0);
  assert.equal(welcomes[0].resumed, true, 'the server kept the place: calls go on');
  assert.equal(welcomes[0].joinSeq, bob.welcome.joinSeq, 'the same place in the join order');
  assert.equal((await survivor.store.get('kill', 'bob'))?.instanceId, bob.socket.auth.instanceId, 'same identity');
  assert.deepEqual(await send(bob, { type: 'SIGNAL', toId: 'ada', payload: { sessionId: 'session-5678', candidate: { candidate: 'after' } } }), { ok: true });
  await until('ada hears bob again', () => ada.heard.messages.some((m) => m.type === 'SIGNAL' && m.payload.candidate?.candidate === 'after'));
  assert.ok(!ada.heard.messages.some((m) => m.type === 'LEAVE' && m.fromId === 'bob'), 'no leave for bob');
  console.log(`# node killed: signaling back after ${backAfter} ms`);
  replacement.kill();
  await replacement.exited;
});

test('Redis restarted mid-call: joins get service_unavailable meanwhile, then work again', { timeout: 60_000 }, async () => {
  const [a, b] = await twoNodes();
  const ada = await arrive(a, 'outage', 'ada');
  await redis.stop();
  await assert.rejects(arrive(b, 'outage', 'bob'), { code: 'service_unavailable' });
  assert.ok(ada.socket.connected, 'a call under way keeps its connection');
  await redis.start();
  await until('joins work again', async () => (await outcome(arrive(b, 'after-outage', `bob-${Date.now()}`))) === 'joined', 20_000);
});
