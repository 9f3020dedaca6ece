// Real coturn (Debian's turnserver) on loopback for the tests: a self-signed certificate for
// TLS, the TURN REST secret, udp, tcp and TLS listeners on free ports. Shared by the
// web-test-runner config, the Node tests and the benchmarks.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { freeTcpPort, portInUse } from './ports.mjs';

export const turnserverPath = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

/** A free port on 127.0.0.1 for both tcp and udp (TURN listens on both). */
export async function freeTurnPort() {
  for (;;) {
    const port = await freeTcpPort();
    const udpFree = await new Promise((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

/**
 * A self-signed certificate for localhost and 127.0.0.1 in `dir` (made once, reused while it
 * is valid), and the base64 SHA-256 of its public key: Chromium trusts it for `turns:` with
 * `--ignore-certificate-errors-spki-list=<spki>`, which is the only way to make it accept one.
 */
export function turnCertificate(dir = '.cache/turn') {
  mkdirSync(dir, { recursive: true });
  const cert = join(dir, 'turn.crt');
  const key = join(dir, 'turn.key');
  const fresh = existsSync(cert) && existsSync(key) && succeeds('openssl', ['x509', '-in', cert, '-noout', '-checkend', '86400']);
  if (!fresh) {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '7',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
  }
  const publicKey = execFileSync('openssl', ['x509', '-in', cert, '-pubkey', '-noout']);
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKey });
  return { cert, key, spki: createHash('sha256').update(der).digest('base64') };
}

/** The Chromium flag that makes it trust `turnCertificate()` for `turns:`. */
export const chromiumTurnArgs = (spki) => [`--ignore-certificate-errors-spki-list=${spki}`];

/**
 * Starts coturn and resolves once it listens on every port. Options:
 * - `secret`: the TURN REST shared secret (random when absent);
 * - `allowLoopbackPeers` (default true): tests on one machine relay to loopback peers, which a
 *   production config must never allow;
 * - `configFile`: a turnserver.conf to start from (the hardened one), with `args` on top;
 * - `args`: more command-line options;
 * - `host`: the address to listen and relay on (127.0.0.1);
 * - `wrap` and `isListening(port)`: to run it elsewhere, e.g. in a network namespace
 *   (`wrap: ['ip', 'netns', 'exec', ns]`, with a check that looks inside that namespace).
 * Resolves to `{ host, port, tlsPort, secret, realm, urls, stop(), log() }`.
 */
export async function startCoturn(options = {}) {
  const secret = options.secret ?? randomBytes(16).toString('hex');
  const realm = options.realm ?? 'test.local';
  const port = options.port ?? (await freeTurnPort());
  const tlsPort = options.tlsPort ?? (await freeTurnPort());
  const { cert, key } = turnCertificate(options.certDir);
  const relayPorts = options.relayPorts ?? [49160, 49460];
  const host = options.host ?? '127.0.0.1';
  const isListening = options.isListening ?? portInUse;
  const args = [
    ...(options.configFile ? ['-c', options.configFile] : ['-n']),
    '--no-cli',
    '--log-file=stdout',
    '--simple-log',
    `--listening-ip=${host}`,
    `--relay-ip=${host}`,
    `--listening-port=${port}`,
    `--tls-listening-port=${tlsPort}`,
    // No DTLS and no alternate ports: fewer sockets to bind, and none a test uses.
    '--no-dtls',
    '--alt-listening-port=0',
    '--alt-tls-listening-port=0',
    `--min-port=${relayPorts[0]}`,
    `--max-port=${relayPorts[1]}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    `--cert=${cert}`,
    `--pkey=${key}`,
    '--fingerprint',
    '--no-multicast-peers',
    ...(options.allowLoopbackPeers === false ? [] : ['--allow-loopback-peers']),
    ...(options.args ?? []),
  ];
  const [command, ...prefix] = [...(options.wrap ?? []), turnserverPath];
  const child = spawn(command, [...prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const collect = (chunk) => lines.push(...String(chunk).split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`coturn did not start in 10 s:\n${lines.slice(-20).join('\n')}`)), 10_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`coturn exited with ${code}:\n${lines.slice(-20).join('\n')}`));
      });
      const check = setInterval(async () => {
        if ((await isListening(port)) && (await isListening(tlsPort))) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 100);
      child.once('exit', () => clearInterval(check));
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    host,
    port,
    tlsPort,
    secret,
    realm,
    urls: {
      stun: `stun:${host}:${port}`,
      udp: `turn:${host}:${port}?transport=udp`,
      tcp: `turn:${host}:${port}?transport=tcp`,
      tls: `turns:${host === '127.0.0.1' ? 'localhost' : host}:${tlsPort}?transport=tcp`,
    },
    log: () => lines.join('\n'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
      }),
  };
}

function succeeds(command, args) {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Whether coturn can run here (installed by scripts/install-deps.sh). */
export const coturnInstalled = () => existsSync(turnserverPath);
