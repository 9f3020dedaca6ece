// Join tokens against the real server, as an attacker would write them: each refused with its
// own code, and a good one admitted with the name it carries. Then the endpoints that need one.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { io } from 'socket.io-client';
import { signJoinToken } from '../../build/server/join-token.js';
import { startSignalingServer } from '../helpers/server-under-test.mjs';

const SECRET = 'a-join-token-secret-of-at-least-32-chars';
const folder = mkdtempSync(join(tmpdir(), 'lifeline-token-recordings-'));
let server;
before(async () => {
  server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    tokens: { secret: SECRET },
    iceConfig: { default: { turn: [{ urls: ['turn:turn.example.com:3478?transport=udp'], secret: 'turn-secret-0123456789' }] } },
    recordings: { folder },
  });
});
after(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const good = (overrides = {}) => signJoinToken({ room: 'consult', sub: 'ada', name: 'Dr. Ada', role: 'host', ...overrides }, { secret: SECRET });

/** 'welcome' and what it said, or the refusal's code. */
function tryJoin(target, auth) {
  const socket = io(target.url, {
    auth: { v: 1, room: 'consult', participantId: 'ada', instanceId: `tab-${Math.random().toString(36).slice(2, 10)}`, name: 'Ada', ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('welcome', () => resolve({ outcome: 'welcome', socket }));
    socket.once('connect_error', (error) => (socket.disconnect(), resolve({ outcome: error.data?.code ?? error.message })));
  });
}

async function outcomeOf(auth, target = server) {
  const result = await tryJoin(target, auth);
  result.socket?.disconnect();
  return result.outcome;
}

test('hostile tokens are refused, each with its own code', async () => {
  const now = Math.floor(Date.now() / 1000);
  const cases = {
    token_missing: {},
    'token_invalid (alg none)': {
      token: new UnsecuredJWT({ room: 'consult', name: 'Ada', role: 'host' })
        .setSubject('ada')
        .setExpirationTime(now + 600)
        .encode(),
    },
    'token_invalid (another key)': {
      token: await signJoinToken({ room: 'consult', sub: 'ada', name: 'Ada' }, { secret: 'some-other-secret-that-is-32-chars-long' }),
    },
    'token_invalid (garbage)': { token: 'not.a.token' },
    'token_invalid (a role of its own)': {
      token: await new SignJWT({ room: 'consult', name: 'Ada', role: 'admin' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('ada')
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode(SECRET)),
    },
    'token_invalid (no expiry)': {
      token: await new SignJWT({ room: 'consult', name: 'Ada' }).setProtectedHeader({ alg: 'HS256' }).setSubject('ada').sign(new TextEncoder().encode(SECRET)),
    },
    token_wrong_room: { token: await good({ room: 'another-room' }) },
    token_wrong_participant: { token: await good({ sub: 'bob' }) },
    token_expired: { token: await good({ ttlSeconds: -120 }) },
    token_not_yet_valid: { token: await good({ notBeforeSeconds: 600 }) },
  };
  for (const [name, auth] of Object.entries(cases)) assert.equal(await outcomeOf(auth), name.split(' ')[0], name);
});

test('a good token gets in, and the room hears the name the token carries, not the one the client claims', async () => {
  const { outcome, socket: ada } = await tryJoin(server, { token: await good(), name: 'Someone Else', instanceId: 'ada-tab' });
  assert.equal(outcome, 'welcome');
  const { socket: bob } = await tryJoin(server, { participantId: 'bob', token: await good({ sub: 'bob', name: 'Bob', role: 'guest' }) });
  const heard = new Promise((resolve) => bob.on('message', (m) => m.type === 'JOIN' && resolve(m.payload.name)));
  ada.emit('message', { v: 1, type: 'JOIN', toId: '*', payload: { instanceId: 'ada-tab', name: 'Chief of Medicine', audio: true, video: true } });
  assert.equal(await heard, 'Dr. Ada');
  ada.disconnect();
  bob.disconnect();
});

test("TURN credentials need a token, and their user is the token's subject whatever the query says", async () => {
  const url = `${server.url}/lifeline/ice-config?user=mallory`;
  const anonymous = await fetch(url);
  assert.equal(anonymous.status, 401);
  assert.deepEqual(await anonymous.json(), { error: 'token_missing' });
  assert.equal((await fetch(url, { headers: { authorization: 'Bearer forged.token.here' } })).status, 401);
  const issued = await fetch(url, { headers: { authorization: `Bearer ${await good()}` } });
  assert.equal(issued.status, 200);
  const { turn } = await issued.json();
  assert.match(turn[0].username, /^\d+:ada$/);
});

test('a recording is started only with a token that has the record grant, and is marked as started by its subject', async () => {
  const start = (token) =>
    fetch(`${server.url}/lifeline/recordings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: '{}',
    });
  assert.equal((await start()).status, 403);
  assert.equal((await start(await good())).status, 403, 'a token without the grant');
  const started = await start(await good({ grants: { record: true } }));
  assert.equal(started.status, 201);
  const { recordingId, token } = await started.json();
  const finalized = await fetch(`${server.url}/lifeline/recordings/${recordingId}/finalize`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  assert.deepEqual((await finalized.json()).startedBy, { id: 'ada' });
});

test('public keys: an EdDSA token signed by the backend gets in; the public key used as an HS256 secret does not', async () => {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const publicPem = await exportSPKI(publicKey);
  const keyed = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, tokens: { publicKey: publicPem } });
  try {
    const signed = await signJoinToken({ room: 'consult', sub: 'ada', name: 'Ada' }, { privateKey: await exportPKCS8(privateKey) });
    assert.equal(await outcomeOf({ token: signed }, keyed), 'welcome');
    const confused = await new SignJWT({ room: 'consult', name: 'Ada' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('ada')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(publicPem));
    assert.equal(await outcomeOf({ token: confused }, keyed), 'token_invalid');
  } finally {
    await keyed.close();
  }
});

test('a JWKS URL: tokens signed with a published key get in', async () => {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  const jwks = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const keyed = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    tokens: { jwksUrl: `http://127.0.0.1:${jwks.address().port}/jwks.json` },
  });
  try {
    const signed = await new SignJWT({ room: 'consult', name: 'Ada' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject('ada')
      .setExpirationTime('10m')
      .sign(privateKey);
    assert.equal(await outcomeOf({ token: signed }, keyed), 'welcome');
    const stranger = await generateKeyPair('EdDSA');
    const forged = await new SignJWT({ room: 'consult', name: 'Ada' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject('ada')
      .setExpirationTime('10m')
      .sign(stranger.privateKey);
    assert.equal(await outcomeOf({ token: forged }, keyed), 'token_invalid');
  } finally {
    await keyed.close();
    jwks.close();
  }
});

test('a configuration that could not verify safely is refused at start', async () => {
  await assert.rejects(startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, tokens: { secret: 'short' } }), /at least 32/);
  await assert.rejects(startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {}, tokens: {} }), /exactly one/);
});
