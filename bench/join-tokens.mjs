// What join tokens cost a join: the time from a Socket.IO connection attempt to the server's
// `welcome`, on the reference server with join tokens (HS256) and on the same server open, each
// in a process of its own, joins interleaved so that machine noise hits both alike. Then the
// verification alone, in this process, for scale.
import { joinRequest, joinRoom } from './node-client.mjs';
import { startServerProcess } from './server-process.mjs';

export const JOIN_TOKEN_TARGET = 1.2; // a join with a token may take at most 1.2x an open one
export const JOIN_KINDS = ['open', 'tokens'];

const SECRET = 'a-bench-join-token-secret-of-at-least-32-chars';
const VERIFICATIONS = 2_000;
const IDLE_VERIFICATIONS = 200;
const IDLE_MS = 3; // about the pause a server has between two joins one at a time
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `sequential` joins one after another and `batches` x `batchSize` at once on each server, after
 * `warmups` of each; the order of the two servers alternates. The tokens are signed beforehand,
 * as a backend would have. Resolves to each join's ms per kind and mode, the servers' CPU µs per
 * join, and µs per verification (back to back, and after a pause).
 */
export async function benchJoinTokens({ sequential = 200, batches = 40, batchSize = 20, warmups = 20, signal } = {}) {
  const { createTokenVerifier, signJoinToken } = await import('../build/server/index.js');
  // A process each: each kind's CPU per join is read from its own process's clock.
  const servers = {};
  try {
    servers.open = await startServerProcess();
    servers.tokens = await startServerProcess([{ options: { tokens: { secret: SECRET } } }]);
    const total = warmups + sequential + batches * batchSize;
    const tokens = [];
    for (let n = 0; n < total; n++) tokens.push(await signJoinToken({ room: `join-${n}`, sub: `p-${n}`, name: `P ${n}` }, { secret: SECRET }));
    /** Join `index` on one server: its own room and participant (the same names on the other server). */
    const join = (kind, index) =>
      timedJoin(
        servers[kind].urls[0],
        joinRequest({ room: `join-${index}`, participantId: `p-${index}`, token: kind === 'tokens' ? tokens[index] : undefined }),
      );
    const orderOf = (i) => (i % 2 === 0 ? JOIN_KINDS : [...JOIN_KINDS].reverse());
    let n = 0;

    for (let i = 0; i < warmups; i++, n++) for (const kind of orderOf(i)) await join(kind, n);
    const cpuBefore = { open: await servers.open.cpu(), tokens: await servers.tokens.cpu() };
    const one = { open: [], tokens: [] };
    for (let i = 0; i < sequential; i++, n++) {
      signal?.throwIfAborted();
      for (const kind of orderOf(i)) one[kind].push(await join(kind, n));
    }
    const many = { open: [], tokens: [] };
    for (let b = 0; b < batches; b++, n += batchSize) {
      signal?.throwIfAborted();
      for (const kind of orderOf(b)) {
        const joins = [];
        for (let k = n; k < n + batchSize; k++) joins.push(join(kind, k));
        many[kind].push(...(await Promise.all(joins)));
      }
    }
    const cpuPerJoin = {};
    for (const kind of JOIN_KINDS) cpuPerJoin[kind] = ((await servers[kind].cpu()) - cpuBefore[kind]) / (sequential + batches * batchSize);

    // Back to back, and one at a time after a pause, as a server verifies them between joins
    // (its caches and crypto threads gone cold): the second is what a join pays.
    const verify = createTokenVerifier({ secret: SECRET });
    const token = tokens[0];
    for (let i = 0; i < 200; i++) await verify(token);
    const started = performance.now();
    for (let i = 0; i < VERIFICATIONS; i++) await verify(token);
    const verifyMicros = { backToBack: ((performance.now() - started) * 1000) / VERIFICATIONS, afterIdle: 0, idleMs: IDLE_MS };
    for (let i = 0; i < IDLE_VERIFICATIONS; i++) {
      await sleep(IDLE_MS);
      const at = performance.now();
      await verify(token);
      verifyMicros.afterIdle += ((performance.now() - at) * 1000) / IDLE_VERIFICATIONS;
    }

    return { one, many, cpuPerJoin, verifyMicros, sequential, batches, batchSize, warmups };
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.close()));
  }
}

/** ms from the connection attempt to the welcome; the socket is closed at once. */
async function timedJoin(url, auth) {
  const started = performance.now();
  const socket = await joinRoom(url, auth);
  const ms = performance.now() - started;
  socket.disconnect();
  return ms;
}
