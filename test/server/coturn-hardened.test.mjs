// The coturn configuration we ship for operators (server/coturn/turnserver.conf), run for real:
// only its ports, addresses, certificate, realm and secret are changed, on the command line.
// A TURN client with TURN REST credentials may allocate, but may not relay to loopback, private
// or metadata addresses, in IPv4 or in the IPv4-mapped IPv6 forms that coturn 4.6 does not check
// by itself (CVE-2026-27624). The same client against coturn without the file (loopback
// allowed, as the browser tests run it) gets every permission: the refusals are the file's doing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { turnCredential } from '../../build/server/ice-config.js';
import { coturnInstalled, startCoturn, turnCertificate } from '../helpers/coturn.mjs';
import { connectTurn } from '../helpers/turn-client.mjs';

const configFile = fileURLToPath(new URL('../../server/coturn/turnserver.conf', import.meta.url));
const config = readFileSync(configFile, 'utf8');
const skip = coturnInstalled() ? false : 'turnserver is not installed (scripts/install-deps.sh installs coturn)';
const hasIpv6Loopback = Object.values(networkInterfaces())
  .flat()
  .some((nic) => nic.address === '::1');
// coturn checks an IPv6 peer only on an IPv6 relay (an IPv4 one answers 443 Peer Address Family
// Mismatch before looking at the address), so both servers also relay from ::1.
const relayArgs = hasIpv6Loopback ? ['--relay-ip=::1'] : [];

const FORBIDDEN = 403;
const ALLOWED = 200;
const IPV4_PEERS = ['127.0.0.1', '10.0.0.1', '172.16.0.1', '192.168.1.1', '100.64.0.1', '169.254.169.254'];
const IPV6_PEERS = ['::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::127.0.0.1', '::1', 'fe80::1', 'fd00:ec2::254', '64:ff9b::a00:1'];
// Permissions only: a CreatePermission sends nothing to the peer.
const PUBLIC_PEERS = { 4: '8.8.8.8', 6: '2001:4860:4860::8888' };

/** `{ peer: 200 | error code }` for CreatePermission to each peer, from one allocation of `family`. */
async function permissions(server, family, peers, secret = server.secret) {
  const { username, credential } = turnCredential(secret, 'hardening-test', 600);
  const client = await connectTurn({ host: server.host, port: server.port, username, password: credential });
  try {
    const allocation = await client.allocate({ family });
    if (!allocation.ok) return { allocate: allocation.code, realm: client.realm };
    const results = { allocate: ALLOWED, realm: client.realm, relayed: allocation.relayed.address };
    for (const peer of peers) {
      const answer = await client.createPermission(peer);
      results[peer] = answer.ok ? ALLOWED : answer.code;
      if (answer.code === FORBIDDEN) assert.equal(answer.reason, 'Forbidden IP');
    }
    return results;
  } finally {
    await client.close();
  }
}

const expected = (family, peers, code) => ({
  allocate: ALLOWED,
  realm: 'test.local',
  relayed: family === 6 ? '::1' : '127.0.0.1',
  ...Object.fromEntries(peers.map((peer) => [peer, code])),
});

/** A TLS 1.2 handshake offering `ciphers`: the negotiated suite, or the error. */
function tlsHandshake(server, ciphers) {
  return new Promise((resolve) => {
    const socket = connect(
      {
        host: server.host,
        port: server.tlsPort,
        servername: 'localhost',
        ca: readFileSync(turnCertificate().cert),
        minVersion: 'TLSv1.2',
        maxVersion: 'TLSv1.2',
        ...(ciphers ? { ciphers } : {}),
      },
      () => {
        resolve({ ok: socket.authorized, cipher: socket.getCipher().name });
        socket.destroy();
      },
    );
    socket.setTimeout(3000, () => socket.destroy(new Error('no TLS handshake in 3 s')));
    socket.on('error', (error) => resolve({ ok: false, error: error.code ?? error.message }));
  });
}

describe('the hardened coturn configuration', { skip, timeout: 90_000 }, () => {
  let hardened;
  let control;
  before(
    async () => {
      // -v logs every listener coturn opens, which the port check reads.
      hardened = await startCoturn({ configFile, allowLoopbackPeers: false, relayPorts: [49500, 49599], args: ['-v', ...relayArgs] });
      control = await startCoturn({ allowLoopbackPeers: true, relayPorts: [49600, 49699], args: relayArgs });
    },
    { timeout: 30_000 },
  );
  after(async () => {
    await Promise.all([hardened?.stop(), control?.stop()]);
  });

  test('coturn reads every line of the file: each denied range is in force, no option rejected', () => {
    const log = hardened.log();
    // An unknown option or a malformed range is logged and skipped, and coturn starts anyway.
    assert.deepEqual(
      log.split('\n').filter((line) => /Bad configuration format|Wrong address format/.test(line)),
      [],
    );
    const ranges = [...config.matchAll(/^denied-peer-ip=(\S+)$/gm)].map((match) => match[1]);
    assert.ok(ranges.length > 20, `only ${ranges.length} denied-peer-ip lines read`);
    for (const range of ranges) assert.ok(log.includes(`Black listing: ${range}\n`), `${range} is not in force`);
    assert.doesNotMatch(config, /^allow-loopback-peers/m);
  });

  test('the command line moves it off the production ports, addresses and files', async () => {
    const listeners = [...hardened.log().matchAll(/listener opened on\s*:\s*(\S+)/g)].map((match) => match[1]);
    assert.ok(listeners.length > 0, 'coturn logged no listener');
    assert.deepEqual(new Set(listeners), new Set([`127.0.0.1:${hardened.port}`, `127.0.0.1:${hardened.tlsPort}`]));
    assert.match(config, /^tls-listening-port=443$/m);
    assert.match(config, /^listening-port=3478$/m);
    // The realm of the challenge, the relayed address and the certificate are the test's.
    const { realm, relayed } = await permissions(hardened, 4, []);
    assert.deepEqual({ realm, relayed }, { realm: 'test.local', relayed: '127.0.0.1' });
    assert.equal((await tlsHandshake(hardened)).ok, true);
  });

  test('only the secret given to coturn signs credentials: the file holds none', async () => {
    // coturn adds up every static-auth-secret it is given, so one in the file would stay valid.
    assert.doesNotMatch(config, /^static-auth-secret/m);
    const placeholder = config.match(/^#static-auth-secret=(\S+)$/m)[1];
    assert.equal((await permissions(hardened, 4, [], placeholder)).allocate, 401);
    assert.equal((await permissions(hardened, 4, [])).allocate, ALLOWED);
  });

  test('refuses a relay to loopback, private and metadata IPv4 peers', async (t) => {
    const results = await permissions(hardened, 4, [...IPV4_PEERS, PUBLIC_PEERS[4]]);
    t.diagnostic(`hardened: ${JSON.stringify(results)}`);
    assert.deepEqual(results, { ...expected(4, IPV4_PEERS, FORBIDDEN), [PUBLIC_PEERS[4]]: ALLOWED });
    assert.deepEqual(await permissions(control, 4, IPV4_PEERS), expected(4, IPV4_PEERS, ALLOWED));
  });

  test(
    'refuses the same peers written as IPv6: IPv4-mapped, IPv4-compatible, NAT64, link-local, unique local',
    { skip: hasIpv6Loopback ? false : 'no ::1 on this machine to relay from' },
    async (t) => {
      const results = await permissions(hardened, 6, [...IPV6_PEERS, PUBLIC_PEERS[6]]);
      t.diagnostic(`hardened: ${JSON.stringify(results)}`);
      assert.deepEqual(results, { ...expected(6, IPV6_PEERS, FORBIDDEN), [PUBLIC_PEERS[6]]: ALLOWED });
      assert.deepEqual(await permissions(control, 6, IPV6_PEERS), expected(6, IPV6_PEERS, ALLOWED));
    },
  );

  test('TLS takes only forward-secret AEAD suites', async () => {
    const suites = config.match(/^cipher-list="(.+)"$/m)[1].split(':');
    const negotiated = await tlsHandshake(hardened);
    assert.ok(suites.includes(negotiated.cipher), negotiated.cipher);
    // RSA key exchange, no forward secrecy: coturn's default list takes it, ours does not.
    const staticRsa = 'AES128-GCM-SHA256:AES256-GCM-SHA384';
    assert.equal((await tlsHandshake(hardened, staticRsa)).ok, false);
    assert.equal((await tlsHandshake(control, staticRsa)).ok, true);
  });
});
