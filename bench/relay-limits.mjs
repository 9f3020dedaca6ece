// What the per-connection limits cost a healthy server: the reference server, in a process of
// its own, relaying typical signaling within the limits, with its default limits (`on`), with
// limits so high they never trigger (`off`: the same code, the same checks, only never refusing),
// and with the check not installed at all (`unchecked`: what checking costs). Rounds of each,
// interleaved; the server's CPU per relayed message, the rate relayed and the delivery latency.
import { cpuUsage } from 'node:process';
import { joinRequest, joinRoom } from './node-client.mjs';
import { startServerProcess } from './server-process.mjs';
import { sdpOf } from './signaling-messages.mjs';

export const RELAY_TARGET = 1.05; // server CPU per message, limits on, at most 1.05x limits off

const NEVER = Number.MAX_SAFE_INTEGER;
const SERVER = {
  // Socket.IO's heartbeat has nothing to do with the figure: at its short default (2.5 s) the
  // idle kinds' 400 connections would add their pings to every round, and a moment of other
  // work hogging the machine would drop connections.
  pingIntervalMs: 25_000,
  pingTimeoutMs: 20_000,
};
export const RELAY_KINDS = {
  on: { options: SERVER },
  off: {
    options: { ...SERVER, limits: { messagesPerSecond: NEVER, messageBurst: NEVER, bytesPerSecond: NEVER, byteBurst: NEVER, refusalsBeforeCutOff: NEVER } },
  },
  unchecked: { options: SERVER, uncheckedMessages: true },
};

/** Each connection sends this many messages a second: a busy call, below the default 50. */
export const MESSAGES_PER_SECOND = 40;
/** One message in this many is an SDP; the rest are ICE candidates. */
const SDP_EVERY = 20;
const SDP_CHARS = 6_000;
const CONNECT_AT_ONCE = 20;
const SETTLE_MS = 250; // after a round, for the last messages and acks in flight
/**
 * A round counts when at least this share of the offer was relayed. Below it, the machine's
 * other load starved the clients or the server for part of the round, and a starved server
 * handles its backlog in larger batches, cheaper per message: not the steady relay this is about.
 */
export const STEADY_SHARE = 0.85;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The sender's clock, in µs, travels in the sessionId (8-64 of A-Z a-z 0-9 -): senders and
// receivers share this process and its clock.
const sessionIdAt = (now) => `sent-${String(Math.round(now * 1000)).padStart(31, '0')}`;
const sentAt = (sessionId) => Number(sessionId.slice(5)) / 1000;

const CANDIDATE = {
  candidate: 'candidate:842163049 1 udp 1677729535 203.0.113.7 54321 typ srflx raddr 10.0.0.5 rport 54321 generation 0 ufrag Ab3d network-id 1 network-cost 10',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'Ab3d',
};

/** The n-th message a connection sends to `toId`: an SDP now and then, ICE candidates otherwise. */
function signalMessage(toId, n, sdp) {
  const sessionId = sessionIdAt(performance.now());
  const payload = n % SDP_EVERY === SDP_EVERY - 1 ? { sessionId, description: { type: 'offer', sdp } } : { sessionId, candidate: CANDIDATE };
  return { v: 1, type: 'SIGNAL', toId, payload };
}

/** The sizes of the two messages as sent, in characters of JSON. */
export function messageSizes() {
  const sdp = sdpOf('offer', SDP_CHARS);
  return {
    candidate: JSON.stringify(signalMessage('b', 0, sdp)).length,
    sdp: JSON.stringify(signalMessage('b', SDP_EVERY - 1, sdp)).length,
    sdpEvery: SDP_EVERY,
  };
}

/**
 * `rooms` rooms of two on the server at `url`, joined and quiet until `start()`: then both in each
 * room send to each other until `stop()`. `tally` counts what arrives while `measuring`, and every ack.
 */
async function relayClients(url, rooms) {
  const sdp = sdpOf('offer', SDP_CHARS);
  const tally = { measuring: false, delivered: 0, latencies: [], acks: { ok: 0, refused: {} }, trouble: [] };
  const everyone = [];
  for (let r = 0; r < rooms; r++) everyone.push({ room: `relay-${r}`, participantId: 'a' }, { room: `relay-${r}`, participantId: 'b' });
  const sockets = [];
  let timers = [];
  const stop = () => {
    timers.forEach((timer) => clearInterval(timer));
    timers = [];
  };
  const close = () => {
    stop();
    sockets.forEach((socket) => socket.disconnect());
  };
  try {
    for (let i = 0; i < everyone.length; i += CONNECT_AT_ONCE) {
      sockets.push(...(await Promise.all(everyone.slice(i, i + CONNECT_AT_ONCE).map((who) => joinRoom(url, joinRequest(who))))));
    }
  } catch (error) {
    close();
    throw error;
  }
  const onAck = (ack) => (ack?.ok ? tally.acks.ok++ : (tally.acks.refused[ack?.code] = (tally.acks.refused[ack?.code] ?? 0) + 1));
  const senders = sockets.map((socket, i) => {
    const { participantId, room } = everyone[i];
    socket.on('message', (message) => {
      if (message.type !== 'SIGNAL' || !tally.measuring) return;
      tally.delivered++;
      tally.latencies.push(performance.now() - sentAt(message.payload.sessionId));
    });
    socket.on('refused', (why) => tally.trouble.push(`${room}/${participantId} refused: ${why?.code}`));
    socket.on('disconnect', (reason) => reason !== 'io client disconnect' && tally.trouble.push(`${room}/${participantId} disconnected: ${reason}`));
    const peer = participantId === 'a' ? 'b' : 'a';
    let n = 0;
    return () => socket.emit('message', signalMessage(peer, n++, sdp), onAck);
  });
  const start = () => {
    const every = 1000 / MESSAGES_PER_SECOND;
    // Each sender at its own phase, as independent calls would be.
    for (const send of senders) timers.push(setTimeout(() => timers.push(setInterval(send, every)), Math.random() * every));
  };
  return { tally, start, stop, close };
}

/**
 * One round on one server: its clients send for `warmMs`, then `measureMs` measured, then stop.
 * Deliveries are counted from the moment the first CPU reading of the servers' process comes back
 * to the moment the second does: both lag their reading by one IPC round trip.
 */
async function relayRound(servers, clients, { offered, warmMs, measureMs }) {
  const { tally } = clients;
  tally.delivered = 0;
  tally.latencies = [];
  clients.start();
  try {
    await sleep(warmMs);
    const serverBefore = await servers.cpu();
    const clientsBefore = cpuUsage();
    const startedAt = performance.now();
    tally.measuring = true;
    await sleep(measureMs);
    const serverMicros = (await servers.cpu()) - serverBefore;
    tally.measuring = false;
    const seconds = (performance.now() - startedAt) / 1000;
    const clientsUsed = cpuUsage(clientsBefore);
    return {
      seconds,
      delivered: tally.delivered,
      perSecond: tally.delivered / seconds,
      serverMicrosPerMessage: serverMicros / tally.delivered,
      serverBusy: serverMicros / 1e6 / seconds,
      clientsBusy: (clientsUsed.user + clientsUsed.system) / 1e6 / seconds,
      latencies: tally.latencies,
      steady: tally.delivered / seconds >= STEADY_SHARE * offered,
    };
  } finally {
    tally.measuring = false;
    clients.stop();
    await sleep(SETTLE_MS);
  }
}

/**
 * The three servers in one process, each with its clients joined; then `rounds` measured rounds
 * of each after one warm-up round each, one kind's clients sending at a time, in turning order
 * (on off unchecked, off unchecked on, unchecked on off, ...), so that each kind comes first,
 * second and last equally often. Short rounds, finely
 * interleaved, so that the machine's other load falls on every kind alike. One process, so that
 * the kinds share its JIT, heap and place on the VM: three servers with identical limits, each in
 * a process of its own, differed by up to 13 % in CPU per message over a run here; in one process
 * by up to 7 %. That is the noise floor a ratio here is read against.
 * `onRound(kind, index, result)` after each (index -1: the warm-up). Every measured round is
 * returned, marked `steady` or not (STEADY_SHARE). Throws when a server refused anything or
 * dropped a connection: the traffic is meant to be within the limits, and a figure taken past
 * them would say nothing about a healthy server.
 *
 * 100 rooms: 8,000 messages a second offered, about half a core of server time on the 2-core
 * bench machine, busy but short of saturated (the rate relayed keeps up with the offer).
 */
export async function benchRelayLimits({ rooms = 100, rounds, warmMs = 500, measureMs = 2_000, signal, onRound } = {}) {
  const kinds = Object.keys(RELAY_KINDS);
  const clients = {};
  const results = Object.fromEntries(kinds.map((kind) => [kind, []]));
  const offered = rooms * 2 * MESSAGES_PER_SECOND;
  const servers = await startServerProcess(kinds.map((kind) => RELAY_KINDS[kind]));
  try {
    for (const [i, kind] of kinds.entries()) clients[kind] = await relayClients(servers.urls[i], rooms);
    for (let i = -1; i < rounds; i++) {
      const first = (i + kinds.length) % kinds.length;
      const order = [...kinds.slice(first), ...kinds.slice(0, first)];
      for (const kind of order) {
        signal?.throwIfAborted();
        const result = await relayRound(servers, clients[kind], { offered, warmMs, measureMs });
        onRound?.(kind, i, result);
        const { acks, trouble } = clients[kind].tally;
        const refused = Object.entries(acks.refused);
        if (refused.length > 0) {
          const what = refused.map(([code, count]) => `${count} messages refused with ${code}`).join(', ');
          throw new Error(
            `relay with limits ${kind}: ${what}. The traffic must stay within the per-connection limits, or the figure says nothing about a healthy server.`,
          );
        }
        if (trouble.length > 0)
          throw new Error(
            `relay with limits ${kind}: ${trouble.length} connections lost (${trouble.slice(0, 3).join('; ')}), so the round's figures are not a steady relay.`,
          );
        if (i >= 0) results[kind].push(result);
      }
    }
    const messages = Object.fromEntries(kinds.map((kind) => [kind, clients[kind].tally.acks.ok]));
    return { results, messages, rooms, offered, rounds, measureMs };
  } finally {
    Object.values(clients).forEach((c) => c.close());
    await servers.close();
  }
}
