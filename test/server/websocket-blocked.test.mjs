// Signaling behind a proxy that refuses WebSocket, as many corporate proxies and firewalls do:
// the SDK's transport falls back to HTTP long-polling and the call's messages still get through.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import { after, before, test } from 'node:test';
import { startSignalingServer } from '../../build/server/signaling-server.js';
import { SocketIoTransport } from '../../build/src/signaling/socket-io-transport.js';

let server;
let proxy;
let proxyUrl;
const refusedUpgrades = [];

before(async () => {
  server = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {} });
  // Forwards plain HTTP to the server and answers every WebSocket upgrade with 403.
  proxy = createServer((req, res) => {
    const upstream = httpRequest({ host: '127.0.0.1', port: server.port, path: req.url, method: req.method, headers: req.headers }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  proxy.on('upgrade', (req, socket) => {
    refusedUpgrades.push(req.url);
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${proxy.address().port}`;
});

after(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await server?.close();
});

const join = (participantId) => ({ v: 1, room: 'ws-blocked', participantId, instanceId: `${participantId}-1`, name: participantId });

test('behind a proxy that refuses WebSocket, the transport joins over long-polling and messages flow both ways', { timeout: 30_000 }, async () => {
  const behindProxy = new SocketIoTransport({ url: proxyUrl, connectTimeoutMs: 10_000 });
  const direct = new SocketIoTransport({ url: server.url });
  try {
    const welcome = await behindProxy.connect(join('ada'));
    assert.equal(typeof welcome.joinSeq, 'number');
    assert.ok(refusedUpgrades.length >= 1, 'the proxy refused a WebSocket upgrade');
    assert.equal(behindProxy.socket.io.engine.transport.name, 'polling');
    await direct.connect(join('bob'));

    const sessionId = randomUUID();
    const atBob = new Promise((resolve) => direct.onMessage(resolve));
    const atAda = new Promise((resolve) => behindProxy.onMessage(resolve));
    await behindProxy.send({ type: 'SOCKET_PING', toId: 'bob', payload: { sessionId, seq: 1 } });
    await direct.send({ type: 'SOCKET_PONG', toId: 'ada', payload: { sessionId, seq: 1 } });
    const ping = await atBob;
    assert.deepEqual([ping.type, ping.fromId, ping.payload], ['SOCKET_PING', 'ada', { sessionId, seq: 1 }]);
    assert.equal((await atAda).fromId, 'bob');
    // Still polling: the upgrade the client tries once connected is refused too.
    assert.equal(behindProxy.socket.io.engine.transport.name, 'polling');
  } finally {
    behindProxy.close();
    direct.close();
  }
});
