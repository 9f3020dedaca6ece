// Prometheus metrics: off unless asked for, one registry per server, and each metric counting
// what the README says it counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { io } from 'socket.io-client';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { once } from '../helpers/once.mjs';
import { startReferenceServer } from '../helpers/reference-server.mjs';

const start = (options = {}) => startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, ...options });

function connect(server, participantId, auth = {}) {
  return io(server.url, {
    auth: { v: 1, room: 'metrics-room', participantId, instanceId: `${participantId}-1`, name: participantId, ...auth },
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 50,
  });
}

/** The scraped samples, `name{labels}` -> value. */
async function scrape(server, path = '/metrics') {
  const response = await fetch(`${server.url}${path}`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const samples = new Map();
  for (const line of (await response.text()).split('\n')) {
    const sample = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (sample) samples.set(sample[1], Number(sample[2]));
  }
  return samples;
}

test('metrics are off unless asked for', async () => {
  const server = await start();
  try {
    assert.equal((await fetch(`${server.url}/metrics`)).status, 404);
  } finally {
    await server.close();
  }
});

test('each metric counts its own events, on its own path and registry', { timeout: 20_000 }, async () => {
  const server = await start({ metrics: { path: '/ops/metrics' } });
  const other = await start({ metrics: true });
  const ada = connect(server, 'ada');
  const bob = connect(server, 'bob');
  const clients = [ada, bob];
  try {
    await Promise.all([once(ada, 'welcome'), once(bob, 'welcome')]);
    // Refusals, by code: a broken identity and a second tab of someone already in.
    const broken = connect(server, 'cleo', { room: '' });
    const twin = connect(server, 'ada', { instanceId: 'ada-2' });
    clients.push(broken, twin);
    assert.equal((await once(broken, 'connect_error')).data.code, 'invalid_message');
    assert.equal((await once(twin, 'connect_error')).data.code, 'already_in_room');

    // Three messages relayed (one to the room, two addressed), one refused and not counted.
    const ping = { v: 1, type: 'SOCKET_PING', toId: 'bob', payload: { sessionId: 'metrics-session', seq: 1 } };
    assert.deepEqual(await ada.emitWithAck('message', { v: 1, type: 'ENUM', toId: '*', payload: {} }), { ok: true });
    assert.deepEqual(await ada.emitWithAck('message', ping), { ok: true });
    assert.deepEqual(await bob.emitWithAck('message', { ...ping, type: 'SOCKET_PONG', toId: 'ada' }), { ok: true });
    assert.equal((await ada.emitWithAck('message', { ...ping, toId: 'nobody' })).ok, false);
    // Commands, by action, whoever sends them; something that is no command is not a label.
    await ada.emitWithAck('control', { action: 'lock' });
    await ada.emitWithAck('control', { action: 'lock' });
    await ada.emitWithAck('control', { action: 'format-disk' });
    // A recovery: the transport drops, the session comes back.
    ada.io.engine.close();
    await once(ada, 'welcome');
    assert.equal(ada.recovered, true);

    const samples = await scrape(server, '/ops/metrics');
    const expected = {
      lifeline_joins_total: 2,
      lifeline_recoveries_total: 1,
      'lifeline_refusals_total{code="invalid_message"}': 1,
      'lifeline_refusals_total{code="already_in_room"}': 1,
      lifeline_messages_relayed_total: 3,
      lifeline_relay_seconds_count: 3,
      'lifeline_commands_total{action="lock"}': 2,
      lifeline_connections_open: 2,
      lifeline_rooms: 1,
      lifeline_members: 2,
      lifeline_draining: 0,
    };
    for (const [name, value] of Object.entries(expected)) assert.equal(samples.get(name), value, name);
    assert.equal([...samples.keys()].filter((name) => name.startsWith('lifeline_commands_total')).length, 1, 'only known actions are labels');
    assert.ok(samples.get('lifeline_relayed_bytes_total') > 3 * 50, 'the bytes of the three messages');
    assert.ok(samples.get('lifeline_relay_seconds_sum') < 1);
    assert.ok(samples.get('lifeline_relay_seconds_bucket{le="0.1"}') === 3);
    assert.ok(samples.has('process_cpu_user_seconds_total'), "prom-client's process metrics");
    assert.ok(samples.has('nodejs_eventloop_lag_seconds'));
    assert.equal((await fetch(`${server.url}/metrics`)).status, 404, 'only the configured path');

    // The other server in this process counted nothing of it.
    const others = await scrape(other);
    assert.equal(others.get('lifeline_joins_total'), 0);
    assert.equal(others.get('lifeline_messages_relayed_total'), 0);
  } finally {
    for (const client of clients) client.close();
    await server.close();
    await other.close();
  }
});

test('a flood cut off counts as a rate_limited refusal; the drain shows on lifeline_draining', async () => {
  const server = await start({ metrics: true, limits: { messagesPerSecond: 1, messageBurst: 1, refusalsBeforeCutOff: 2 } });
  const ada = connect(server, 'ada');
  try {
    await once(ada, 'welcome');
    ada.io.reconnection(false);
    const refused = once(ada, 'refused');
    for (let i = 0; i < 5; i++) ada.emit('message', { v: 1, type: 'ENUM', toId: '*', payload: {} });
    assert.equal((await refused).code, 'rate_limited');
    void server.drain({ timeoutMs: 1_000 });
    const samples = await scrape(server);
    assert.equal(samples.get('lifeline_refusals_total{code="rate_limited"}'), 1);
    assert.equal(samples.get('lifeline_draining'), 1);
  } finally {
    ada.close();
    await server.close();
  }
});

test('npm start serves metrics with LIFELINE_METRICS=1', { timeout: 20_000 }, async () => {
  const server = await startReferenceServer({ env: { LIFELINE_METRICS: '1' } });
  try {
    const response = await fetch(`${server.origin}/metrics`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /^lifeline_connections_open 0$/m);
  } finally {
    await server.stop();
  }
});
