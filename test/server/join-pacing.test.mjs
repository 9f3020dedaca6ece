// Join pacing: past its rate a node refuses handshakes with service_unavailable and a
// `retryAfterMs` slot of their own, so a crowd knocking at once comes back no faster than the
// node lets it in. The pacer alone on a fake clock, then a real server and the SDK's transport.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { io } from 'socket.io-client';
import { JoinPacer, joinPacingFromEnv } from '../../build/server/join-pacing.js';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { SocketIoTransport } from '../../build/src/signaling/socket-io-transport.js';
import { once } from '../helpers/once.mjs';

const join = (participantId, room = 'paced-room') => ({ v: 1, room, participantId, instanceId: `${participantId}-1`, name: participantId });

test('the pacer lets in its burst, then gives each refused handshake its own later slot, no nearer than the rate', () => {
  let now = 1_000;
  const pacer = new JoinPacer(
    { perSecond: 10, burst: 2 },
    () => now,
    () => 0.5,
  );
  assert.deepEqual([pacer.take(), pacer.take()], [null, null], 'the burst');
  const waits = Array.from({ length: 5 }, () => pacer.take());
  assert.deepEqual(waits, [100, 200, 300, 400, 500], 'one slot every 100 ms, in the order they knocked');
  // Time passes: the bucket refills at 10 a second, and the slots handed out are counted from now.
  now += 250;
  assert.deepEqual([pacer.take(), pacer.take()], [null, null], '2.5 tokens came back');
  assert.equal(pacer.take(), 350, 'after the last slot given (500 ms after 1,000), one interval on');
});

test('the slots are jittered within their interval and never beyond the longest wait', () => {
  const now = 0;
  let random = 0;
  const pacer = new JoinPacer(
    { perSecond: 100, burst: 1, maxWaitMs: 50 },
    () => now,
    () => random,
  );
  assert.equal(pacer.take(), null);
  assert.equal(pacer.take(), 5, 'slot 10 ms, jittered down by half an interval');
  random = 0.999;
  assert.equal(pacer.take(), 25, 'slot 20 ms, jittered up by almost half an interval');
  for (let i = 0; i < 20; i++) pacer.take();
  random = 0.5;
  assert.equal(pacer.take(), 50, 'capped at maxWaitMs');
});

test('LIFELINE_MAX_JOINS_PER_SECOND: a rate, 0 for none, anything else refused at start', () => {
  assert.equal(joinPacingFromEnv({}), undefined);
  assert.deepEqual(joinPacingFromEnv({ LIFELINE_MAX_JOINS_PER_SECOND: '40' }), { perSecond: 40 });
  assert.deepEqual(joinPacingFromEnv({ LIFELINE_MAX_JOINS_PER_SECOND: '0' }), { perSecond: 0 });
  for (const bad of ['-1', 'fast', 'Infinity']) assert.throws(() => joinPacingFromEnv({ LIFELINE_MAX_JOINS_PER_SECOND: bad }), /LIFELINE_MAX_JOINS_PER_SECOND/);
});

test('a crowd at once on a real server: the excess is refused with a hint, and the hints spread the crowd at the rate', { timeout: 30_000 }, async () => {
  const perSecond = 20;
  const server = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, joinPacing: { perSecond, burst: 4 } });
  const sockets = [];
  try {
    // 40 knock at once; each refused one follows its hint, as the SDK does.
    const admittedAt = [];
    const hints = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 40 }, (_, n) => {
        const socket = io(server.url, { auth: join(`p${n}`, `room-${n}`), transports: ['websocket'], forceNew: true, reconnection: false });
        sockets.push(socket);
        socket.on('connect_error', (error) => {
          assert.equal(error.data.code, 'service_unavailable');
          assert.ok(Number.isInteger(error.data.retryAfterMs), `a hint: ${JSON.stringify(error.data)}`);
          hints.push(error.data.retryAfterMs);
          setTimeout(() => socket.connect(), error.data.retryAfterMs);
        });
        return once(socket, 'welcome', 20_000).then(() => admittedAt.push(performance.now() - started));
      }),
    );
    assert.equal(admittedAt.length, 40, 'everyone got in');
    assert.ok(hints.length >= 36 - 4, `most of the crowd was paced (${hints.length} refusals)`);
    // In any one second, at most the rate plus the burst got in: the crowd took about two seconds.
    const perSecondIn = new Map();
    for (const at of admittedAt) perSecondIn.set(Math.floor(at / 1000), (perSecondIn.get(Math.floor(at / 1000)) ?? 0) + 1);
    assert.ok(Math.max(...perSecondIn.values()) <= perSecond + 4, `admitted per second: ${[...perSecondIn.values()]}`);
    assert.ok(Math.max(...admittedAt) >= 1_000, `spread over more than a second (${Math.round(Math.max(...admittedAt))} ms)`);
  } finally {
    sockets.forEach((socket) => socket.close());
    await server.close();
  }
});

test(
  'the SDK transport waits for its slot on a first join, and gives up with service_unavailable when the slot is past its join time',
  { timeout: 30_000 },
  async () => {
    const server = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, joinPacing: { perSecond: 1, burst: 1 } });
    const transports = [];
    try {
      const first = new SocketIoTransport({ url: server.url });
      const second = new SocketIoTransport({ url: server.url });
      transports.push(first, second);
      await first.connect(join('ada'));
      const started = performance.now();
      // The next slot is about a second away: within the join's time, so the join simply takes longer.
      await second.connect(join('bob'));
      assert.ok(performance.now() - started >= 400, 'bob waited for his slot');
      // A join that may take 300 ms, behind a slot about a second away: refused at once, with the code that says why.
      const hurried = new SocketIoTransport({ url: server.url, connectTimeoutMs: 300 });
      transports.push(hurried);
      await assert.rejects(hurried.connect(join('cleo')), { name: 'CallError', code: 'service_unavailable' });
    } finally {
      transports.forEach((transport) => transport.close());
      await server.close();
    }
  },
);

test("one address flooding handshakes is stopped by its own limits before it spends the node's pace", { timeout: 30_000 }, async () => {
  const server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    joinPacing: { perSecond: 5, burst: 5 },
    addressLimits: { joinsPerMinute: 3 },
    // Two addresses, as a proxy would say: the flooder, and a person.
    clientAddress: ({ headers }) => String(headers['x-test-address'] ?? 'unknown'),
  });
  const sockets = [];
  const outcome = (participantId, address) => {
    const socket = io(server.url, {
      auth: join(participantId, `room-${participantId}`),
      transports: ['polling'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { 'x-test-address': address },
    });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('welcome', () => resolve('welcome'));
      socket.once('connect_error', (error) => resolve(error.data?.code ?? error.message));
    });
  };
  try {
    const flood = [];
    for (let n = 0; n < 12; n++) flood.push(await outcome(`f${n}`, 'flooder'));
    assert.deepEqual(flood.filter((o) => o === 'welcome').length, 3, `the flooder's minute: ${flood}`);
    assert.ok(
      flood.slice(3).every((o) => o === 'rate_limited'),
      `then its own limit, not the pace: ${flood}`,
    );
    assert.equal(await outcome('ada', 'person'), 'welcome', 'the pace still had room for someone else');
  } finally {
    sockets.forEach((socket) => socket.close());
    await server.close();
  }
});
