// The reference server's ICE config endpoint: per-organisation config, TURN REST credentials
// that only the server's secret could have made, and a config file checked at start. That coturn
// accepts these credentials is shown by the browser tests (test/core/turn-relay.test.ts).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { iceConfigSpecFromEnv, parseIceConfigSpec, turnCredential } from '../../build/server/ice-config.js';
import { startSignalingServer } from '../../build/server/signaling-server.js';

const EU = 'eu-secret-0123456789';
const US = 'us-secret-0123456789';
const spec = {
  default: {
    stun: ['stun:turn-eu.example.com:3478'],
    turn: [
      { urls: ['turn:turn-eu.example.com:3478?transport=udp', 'turns:turn-eu.example.com:443?transport=tcp'], secret: EU },
      { urls: ['turn:turn-us.example.com:3478?transport=udp'], secret: US },
    ],
  },
  orgs: { clinic: { turn: [{ urls: ['turns:turn-eu.example.com:443?transport=tcp'], secret: EU }], icePolicy: 'relay', ttlSeconds: 900 } },
};

let server;
let bare;
const refused = new Set(['blocked']);
before(async () => {
  server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    corsOrigins: ['https://app.example.com'],
    iceConfig: parseIceConfigSpec(spec),
    authorizeIceConfig: (_req, org) => !refused.has(org),
  });
  bare = await startSignalingServer({ port: 0, host: '127.0.0.1', log: () => {} });
});
after(() => Promise.all([server.close(), bare.close()]));

const hmac = (secret, username) => createHmac('sha1', secret).update(username).digest('base64');

test('issues the default config with fresh TURN REST credentials for each server, never the secret', async () => {
  const before = Math.floor(Date.now() / 1000);
  const response = await fetch(`${server.url}/lifeline/ice-config?user=ada`, { headers: { origin: 'https://app.example.com' } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('access-control-allow-origin'), 'https://app.example.com');
  const body = await response.text();
  assert.ok(!body.includes(EU) && !body.includes(US), 'no secret in the answer');
  const config = JSON.parse(body);
  assert.deepEqual(config.stun, spec.default.stun);
  assert.equal(config.icePolicy, 'all');
  assert.equal(config.ttlSeconds, 3600);
  assert.deepEqual(
    config.turn.map((t) => t.urls),
    spec.default.turn.map((t) => t.urls),
  );
  config.turn.forEach((turn, i) => {
    const [expiry, user] = turn.username.split(':');
    assert.equal(user, 'ada');
    assert.ok(Number(expiry) >= before + 3600 && Number(expiry) <= before + 3602, `expiry ${expiry}`);
    assert.equal(turn.credential, hmac(spec.default.turn[i].secret, turn.username), 'signed with that server’s own secret');
  });
});

test('gives an organisation its own servers, policy and lifetime; an unknown or malformed one the default', async () => {
  const clinic = await (await fetch(`${server.url}/lifeline/ice-config?org=clinic&user=bob`)).json();
  assert.equal(clinic.icePolicy, 'relay');
  assert.equal(clinic.ttlSeconds, 900);
  assert.deepEqual(
    clinic.turn.map((t) => t.urls),
    [['turns:turn-eu.example.com:443?transport=tcp']],
  );
  for (const org of ['nobody', '../clinic', 'constructor', '__proto__', 'x'.repeat(65)]) {
    const config = await (await fetch(`${server.url}/lifeline/ice-config?org=${encodeURIComponent(org)}`)).json();
    assert.equal(config.turn.length, 2, org);
  }
});

test('keeps the TURN user to an id, without the separator coturn splits on', async () => {
  const config = await (await fetch(`${server.url}/lifeline/ice-config?user=${encodeURIComponent('eve:1 <b>')}`)).json();
  assert.match(config.turn[0].username, /^\d+:eve_1__b_$/);
  const anonymous = await (await fetch(`${server.url}/lifeline/ice-config`)).json();
  assert.match(anonymous.turn[0].username, /^\d+:lifeline$/);
});

test('asks the host who may have credentials, and answers other methods and servers plainly', async () => {
  assert.equal((await fetch(`${server.url}/lifeline/ice-config?org=blocked`)).status, 403);
  assert.equal((await fetch(`${server.url}/lifeline/ice-config`, { method: 'POST' })).status, 405);
  assert.equal((await fetch(`${bare.url}/lifeline/ice-config`)).status, 404);
});

test('makes credentials coturn can check: HMAC-SHA1 over "expiry:user" with the shared secret', () => {
  const now = Date.UTC(2026, 10, 22, 12, 0, 0);
  const { username, credential } = turnCredential('s3cret-s3cret-s3cret', 'ada', 600, now);
  assert.equal(username, `${now / 1000 + 600}:ada`);
  assert.equal(credential, hmac('s3cret-s3cret-s3cret', username));
});

test('refuses a broken config at start, naming the entry', () => {
  const broken = [
    [{}, /default.*must be an object/],
    [{ default: { ttlSeconds: 0 } }, /default\.ttlSeconds/],
    [{ default: { turn: [{ urls: ['turn:x.example.com'], secret: 'short' }] } }, /default\.turn\[0\]\.secret/],
    [{ default: {}, orgs: { acme: { stun: ['http://stun.example.com'] } } }, /orgs\.acme: iceConfig\.stun\[0\]/],
    [{ default: {}, orgs: { acme: { icePolicy: 'relay' } } }, /orgs\.acme: .*needs at least one TURN server/],
    [{ default: {}, orgs: { 'bad org': {} } }, /organisation name/],
  ];
  for (const [value, message] of broken) assert.throws(() => parseIceConfigSpec(value), message, JSON.stringify(value));
});

test('reads the config from a JSON file or from plain environment variables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-ice-'));
  try {
    const file = join(dir, 'ice.json');
    writeFileSync(file, JSON.stringify(spec));
    assert.deepEqual(Object.keys(iceConfigSpecFromEnv({ LIFELINE_ICE_CONFIG: file }).orgs), ['clinic']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const fromEnv = iceConfigSpecFromEnv({
    LIFELINE_STUN_URLS: 'stun:a.example.com:3478, stun:b.example.com:3478',
    LIFELINE_TURN_URLS: 'turn:a.example.com:3478?transport=udp,turns:a.example.com:443?transport=tcp',
    LIFELINE_TURN_SECRET: EU,
    LIFELINE_TURN_TTL: '600',
  });
  assert.deepEqual(fromEnv.default.stun, ['stun:a.example.com:3478', 'stun:b.example.com:3478']);
  assert.deepEqual(fromEnv.default.turn, [{ urls: ['turn:a.example.com:3478?transport=udp', 'turns:a.example.com:443?transport=tcp'], secret: EU }]);
  assert.equal(fromEnv.default.ttlSeconds, 600);
  assert.throws(() => iceConfigSpecFromEnv({ LIFELINE_TURN_URLS: 'turn:a.example.com' }), /LIFELINE_TURN_SECRET/);
  assert.deepEqual(iceConfigSpecFromEnv({}).default.turn, []);
});
