// The reference server behind Debian's nginx, configured from server/nginx/lifeline.conf: one
// live node and one dead upstream entry (nginx skips it), clients joining over WebSocket and over
// long-polling only, the client address passed on, and metrics kept from the outside.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { io } from 'socket.io-client';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { nginxInstalled, startNginx } from '../helpers/nginx.mjs';
import { once } from '../helpers/once.mjs';
import { freeTcpPort } from '../helpers/ports.mjs';

const skip = nginxInstalled() ? false : 'nginx is not installed (scripts/install-deps.sh installs it)';

describe('the reference server behind nginx', { skip, timeout: 60_000 }, () => {
  let server;
  let nginx;
  const forwardedFor = [];

  before(async () => {
    server = await startSignalingServer({
      port: 0,
      host: '127.0.0.1',
      metrics: true,
      log: () => {},
      // As the README says: behind nginx, the last X-Forwarded-For entry is the address nginx saw.
      clientAddress: ({ address, headers }) => {
        forwardedFor.push(headers['x-forwarded-for']);
        return String(headers['x-forwarded-for'] ?? address)
          .split(',')
          .at(-1)
          .trim();
      },
    });
    const deadPort = await freeTcpPort();
    nginx = await startNginx({ upstreams: [`127.0.0.1:${server.port}`, `127.0.0.1:${deadPort}`] });
  });

  after(async () => {
    await nginx?.stop();
    await server?.close();
  });

  const connect = (participantId, transports) =>
    io(nginx.url, {
      auth: { v: 1, room: 'behind-nginx', participantId, instanceId: `${participantId}-1`, name: participantId },
      transports,
      forceNew: true,
      reconnection: false,
    });

  test('a WebSocket client and a long-polling-only client join through nginx, and messages flow both ways', async () => {
    const overWebSocket = connect('ada', ['websocket']);
    const overPolling = connect('bob', ['polling']);
    try {
      await Promise.all([once(overWebSocket, 'welcome'), once(overPolling, 'welcome')]);
      assert.equal(overWebSocket.io.engine.transport.name, 'websocket');
      assert.equal(overPolling.io.engine.transport.name, 'polling');

      const sessionId = randomUUID();
      const atBob = once(overPolling, 'message');
      assert.deepEqual(await overWebSocket.emitWithAck('message', { v: 1, type: 'SOCKET_PING', toId: 'bob', payload: { sessionId, seq: 1 } }), { ok: true });
      const ping = await atBob;
      assert.deepEqual([ping.type, ping.fromId, ping.payload.seq], ['SOCKET_PING', 'ada', 1]);

      const atAda = once(overWebSocket, 'message');
      assert.deepEqual(await overPolling.emitWithAck('message', { v: 1, type: 'SOCKET_PONG', toId: 'ada', payload: { sessionId, seq: 1 } }), { ok: true });
      const pong = await atAda;
      assert.deepEqual([pong.type, pong.fromId, pong.payload.seq], ['SOCKET_PONG', 'bob', 1]);
    } finally {
      overWebSocket.close();
      overPolling.close();
    }
    assert.ok(forwardedFor.length >= 2, 'the server saw both handshakes');
    assert.ok(
      forwardedFor.every((header) => header === '127.0.0.1'),
      `nginx passed the client's address on: ${forwardedFor}`,
    );
  });

  test('health passes through nginx; metrics answer only on the node itself', async () => {
    const health = await fetch(`${nginx.url}/lifeline/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const outside = await fetch(`${nginx.url}/metrics`);
    await outside.arrayBuffer();
    assert.equal(outside.status, 404);
    const direct = await fetch(`${server.url}/metrics`);
    assert.equal(direct.status, 200);
    assert.match(await direct.text(), /^lifeline_joins_total \d+$/m);
  });
});
