// Health and the graceful drain: readyz says whether a node takes joins; a draining node refuses
// new ones with service_unavailable and moves its clients by closing their transports, so they
// reconnect by themselves, here to a second server started on the same port.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { io } from 'socket.io-client';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { SocketIoTransport } from '../../build/src/signaling/socket-io-transport.js';
import { once } from '../helpers/once.mjs';
import { startReferenceServer } from '../helpers/reference-server.mjs';

const start = (options = {}) => startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, ...options });
const join = (participantId, room = 'drain-room') => ({ v: 1, room, participantId, instanceId: `${participantId}-1`, name: participantId });

/** The first status change the transport reports that `match` accepts. */
const status = (transport, match, ms = 10_000) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching status in ${ms} ms`)), ms);
    const off = transport.onStatus((change) => {
      if (!match(change)) return;
      clearTimeout(timer);
      off();
      resolve(change);
    });
  });

async function get(server, path) {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, cache: response.headers.get('cache-control'), body: await response.json() };
}

test('healthz answers while the server serves; readyz turns 503 once it drains', async () => {
  const server = await start();
  try {
    assert.deepEqual(await get(server, '/lifeline/healthz'), { status: 200, cache: 'no-store', body: { status: 'ok' } });
    assert.deepEqual(await get(server, '/lifeline/readyz'), { status: 200, cache: 'no-store', body: { ready: true } });
    assert.deepEqual(await server.drain({ timeoutMs: 1_000 }), { remaining: 0 });
    assert.deepEqual(await get(server, '/lifeline/readyz'), { status: 503, cache: 'no-store', body: { ready: false, reason: 'draining' } });
    assert.equal((await get(server, '/lifeline/healthz')).status, 200);
    assert.equal((await fetch(`${server.url}/lifeline/readyz`, { method: 'POST' })).status, 405);
  } finally {
    await server.close();
  }
});

test('readyz is 503 while the ready hook says no, throws, or does not answer in 2 s', { timeout: 15_000 }, async () => {
  let verdict = () => true;
  const lines = [];
  const server = await start({ ready: () => verdict(), log: (line) => lines.push(line) });
  try {
    assert.equal((await get(server, '/lifeline/readyz')).status, 200);
    verdict = async () => false;
    assert.deepEqual((await get(server, '/lifeline/readyz')).body, { ready: false, reason: 'not_ready' });
    verdict = () => {
      throw new Error('redis is gone');
    };
    assert.deepEqual((await get(server, '/lifeline/readyz')).body, { ready: false, reason: 'check_failed' });
    assert.ok(lines.some((line) => line.includes('readyz check failed') && line.includes('redis is gone')));
    verdict = () => new Promise(() => {});
    assert.deepEqual((await get(server, '/lifeline/readyz')).body, { ready: false, reason: 'check_timeout' });
  } finally {
    await server.close();
  }
});

test('a new join during the drain is refused with service_unavailable, by the raw client and the SDK transport', async () => {
  const server = await start();
  const stay = new SocketIoTransport({ url: server.url });
  try {
    await stay.connect(join('ada'));
    // A long spread keeps ada connected, so the drain is still under way for the join below.
    const drained = server.drain({ timeoutMs: 60_000, spreadMs: 20_000 });
    const raw = io(server.url, { auth: join('bob'), transports: ['websocket'], forceNew: true });
    const error = await once(raw, 'connect_error');
    raw.close();
    assert.equal(error.data.code, 'service_unavailable');
    const sdk = new SocketIoTransport({ url: server.url });
    await assert.rejects(sdk.connect(join('cleo')), { name: 'CallError', code: 'service_unavailable' });
    assert.equal(server.drain(), drained, 'a second drain() is the same drain');
    stay.close();
    assert.deepEqual(await drained, { remaining: 0 });
  } finally {
    stay.close();
    await server.close();
  }
});

test('a drained client reconnects by itself, tries the draining server again, and joins a new server on the same port', { timeout: 30_000 }, async () => {
  const first = await start();
  const { port } = first;
  const transport = new SocketIoTransport({ url: first.url });
  const raw = io(first.url, { auth: join('raw'), transports: ['websocket'], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 50 });
  const rawWelcome = once(raw, 'welcome');
  let second;
  try {
    await transport.connect(join('ada'));
    await rawWelcome;
    const moved = status(transport, (change) => change.status === 'reconnecting');
    const rawGone = once(raw, 'disconnect');
    const rawRefused = once(raw, 'connect_error');
    const outcome = await first.drain({ timeoutMs: 10_000, spreadMs: 300 });
    assert.deepEqual(outcome, { remaining: 0 });
    await moved;
    // The transport closed under the session: no Socket.IO disconnect, so the client reconnects by itself...
    assert.equal(await rawGone, 'transport close');
    // ...and tries again, and the draining server refuses it.
    assert.equal((await rawRefused).data.code, 'service_unavailable');
    await first.close();

    second = await start({ port });
    const back = await status(transport, (change) => change.status === 'connected');
    assert.equal(back.recovered, false, 'a new server has no session to recover: the client joined afresh');
    assert.equal((await second.store.get('drain-room', 'ada'))?.instanceId, 'ada-1');
  } finally {
    transport.close();
    raw.close();
    await first.close();
    await second?.close();
  }
});

test('npm start drains on SIGTERM: its client is moved, then the process exits', { timeout: 30_000 }, async () => {
  const server = await startReferenceServer({ env: { LIFELINE_DRAIN_TIMEOUT_MS: '10000' } });
  const raw = io(server.origin, { auth: join('ada'), transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    await once(raw, 'welcome');
    const gone = once(raw, 'disconnect');
    const exitCode = server.stop('SIGTERM');
    assert.equal(await gone, 'transport close');
    assert.equal(await exitCode, 0);
  } finally {
    raw.close();
  }
});
