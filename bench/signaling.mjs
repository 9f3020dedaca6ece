// How many participants one signaling node holds: simulated participants (Node Socket.IO
// clients doing what the SDK does in a room, media aside) ramped through steps against one
// reference server in a process of its own, each step held while heartbeats run; then a mass
// reconnect, the server killed under 1,000 clients and started again on the same port.
// `npm run bench -- signaling` runs it (after a build); every phase is bounded in time.
import { machineCpuSample } from './cpu-sample.mjs';
import { checkMessages } from './signaling-messages.mjs';
import { startClientProcesses } from './signaling-clients.mjs';
import { startSignalingCluster, startSignalingNode } from './signaling-node.mjs';

/** What the node should hold: this many participants, heartbeats relayed within 50 ms at p99, nothing refused or lost. */
export const SIGNALING_TARGETS = Object.freeze({ participants: 5_000, relayP99Ms: 50, reconnectBusiestShare: 0.2 });

export const DEFAULT_SIGNALING_CONFIG = Object.freeze({
  steps: [1_000, 2_000, 5_000],
  /** The steps run against one node, then against two nodes in cluster mode on one Redis. */
  nodes: [1, 2],
  holdSeconds: 30,
  joinsPerSecond: 100,
  clientProcesses: 2,
  reconnectClients: 1_000,
  /** The server's own default (32 MiB) when null; a small one shows what the connections themselves take. */
  recoveryBufferBytes: null,
});

/** Rooms of 2, 3 and 4 in turn (3 on average); the last one takes what is left, never 1. */
const ROOM_SIZES = [2, 3, 4];
/** How long the calls of a ramp may take to be set up after its last join. */
const SETTLE_MS = 15_000;
/** Heartbeats before the kill, so every call is monitored when the server goes. */
const STEADY_BEFORE_KILL_MS = 5_000;
/** How long a mass reconnect may take before the clients not back count as lost. */
const RECONNECT_TIMEOUT_MS = 60_000;
const POLL_MS = 250;

/** BENCH_SIGNALING_STEPS (`none` for only the reconnect), _NODES (`1,2`: one node, then two on Redis), _HOLD_S, _JOIN_RATE, _CLIENT_PROCESSES, _RECONNECT (0 skips it), _RECOVERY_BUFFER_BYTES over the defaults. */
export function signalingConfig(env = process.env) {
  const number = (name, fallback) => {
    if (env[name] === undefined || env[name] === '') return fallback;
    const value = Number(env[name]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not ${env[name]}`);
    return value;
  };
  // `none`: only the mass reconnect.
  const steps =
    env.BENCH_SIGNALING_STEPS === 'none' ? [] : env.BENCH_SIGNALING_STEPS ? env.BENCH_SIGNALING_STEPS.split(',').map(Number) : DEFAULT_SIGNALING_CONFIG.steps;
  if (steps.some((n, i) => !Number.isInteger(n) || n < 2 || (i > 0 && n <= steps[i - 1])))
    throw new Error('BENCH_SIGNALING_STEPS must be rising whole numbers of at least 2, e.g. 1000,2000,5000');
  const config = {
    steps,
    holdSeconds: number('BENCH_SIGNALING_HOLD_S', DEFAULT_SIGNALING_CONFIG.holdSeconds),
    joinsPerSecond: number('BENCH_SIGNALING_JOIN_RATE', DEFAULT_SIGNALING_CONFIG.joinsPerSecond),
    clientProcesses: Math.max(1, Math.round(number('BENCH_SIGNALING_CLIENT_PROCESSES', DEFAULT_SIGNALING_CONFIG.clientProcesses))),
    reconnectClients: Math.round(number('BENCH_SIGNALING_RECONNECT', DEFAULT_SIGNALING_CONFIG.reconnectClients)),
    nodes: env.BENCH_SIGNALING_NODES ? env.BENCH_SIGNALING_NODES.split(',').map(Number) : DEFAULT_SIGNALING_CONFIG.nodes,
    recoveryBufferBytes: number('BENCH_SIGNALING_RECOVERY_BUFFER_BYTES', DEFAULT_SIGNALING_CONFIG.recoveryBufferBytes),
  };
  if (config.joinsPerSecond <= 0) throw new Error('BENCH_SIGNALING_JOIN_RATE must be above 0');
  if (config.nodes.length === 0 || config.nodes.some((n) => !Number.isInteger(n) || n < 1 || n > 4))
    throw new Error('BENCH_SIGNALING_NODES must list node counts of 1 to 4, e.g. 1,2');
  return config;
}

/** Rooms for participants `from` to `to - 1`, each named after its first member. */
export function roomPlan(phase, from, to) {
  const rooms = [];
  for (let next = from, i = 0; next < to; i++) {
    const left = to - next;
    let size = Math.min(ROOM_SIZES[i % ROOM_SIZES.length], left);
    if (left - size === 1) size = size < 4 ? size + 1 : size - 1;
    rooms.push({ room: `${phase}-r${next}`, members: Array.from({ length: size }, (_, k) => `${phase}-p${next + k}`) });
    next += size;
  }
  return rooms;
}

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });

/**
 * Runs the steps, then the mass reconnect. `onPhase(line)` hears progress; `onStep(step)` and
 * `onReconnect(result)` each result as it comes. Resolves to `{ sizes, steps, reconnect }`.
 * Every child process is killed before it resolves or rejects, and as soon as `signal` aborts.
 */
export async function benchSignaling({ config = signalingConfig(), signal, onPhase = () => {}, onStep = () => {}, onReconnect = () => {} }) {
  const sizes = await checkMessages();
  const nodeOptions = config.recoveryBufferBytes === null ? {} : { recoveryBufferBytes: config.recoveryBufferBytes };
  const running = new Set();
  const own = (thing) => (running.add(thing), thing);
  const killAll = () => Promise.all([...running].map((thing) => thing.kill()));
  signal?.addEventListener('abort', killAll, { once: true });
  try {
    const clients = own(await startClientProcesses(config.clientProcesses));
    const steps = [];
    for (const nodes of config.steps.length > 0 ? config.nodes : []) {
      onPhase(nodes === 1 ? 'One node:' : `${nodes} nodes in cluster mode on one Redis, each room's members spread over them:`);
      const node = own(nodes === 1 ? await startSignalingNode({ options: nodeOptions }) : await startSignalingCluster({ count: nodes, options: nodeOptions }));
      const idle = await node.stats(true);
      let joinedSoFar = 0;
      for (const participants of config.steps) {
        signal?.throwIfAborted();
        onPhase(`  step ${participants}: joining ${participants - joinedSoFar} more at up to ${config.joinsPerSecond}/s, then holding ${config.holdSeconds} s`);
        const step = { nodes, ...(await runStep({ clients, node, idle, config, participants, from: joinedSoFar, signal })) };
        steps.push(step);
        onStep(step);
        joinedSoFar = participants;
        if (step.serverGone) break;
      }
      await clients.leave();
      await node.close();
      running.delete(node);
    }
    let reconnect = null;
    if (config.reconnectClients > 0) {
      onPhase(`  mass reconnect: ${config.reconnectClients} clients joining, then their server killed (SIGKILL) and started again on its port`);
      reconnect = await massReconnect({ clients, own, running, config, nodeOptions, signal });
      onReconnect(reconnect);
    }
    return { sizes, steps, reconnect };
  } finally {
    signal?.removeEventListener('abort', killAll);
    await killAll();
  }
}

/** One step: the ramp from `from` to `participants` joins, the calls set up, the hold measured. */
async function runStep({ clients, node, idle, config, participants, from, signal }) {
  const machineStart = machineCpuSample();
  const start = await clients.mark();
  const serverStart = await node.stats();
  const joined = await clients.join(node.urls ?? node.url, roomPlan('load', from, participants), config.joinsPerSecond);
  const settled = await clients.settle(SETTLE_MS);
  const machineHoldStart = machineCpuSample();
  const holdStart = await clients.mark();
  const serverHoldStart = await node.stats();
  await sleep(config.holdSeconds * 1000, signal);
  const holdEnd = await clients.report();
  const serverHoldEnd = await node.stats().catch(() => null);
  const machineHoldEnd = machineCpuSample();
  // Heartbeats paused while the last answers arrive, so every heartbeat of the step is counted in it.
  const drained = await clients.heartbeats(false);
  await clients.heartbeats(true);
  const memory = serverHoldEnd ? await node.stats(true) : null;
  const machine = { start: machineStart, holdStart: machineHoldStart, holdEnd: machineHoldEnd };
  return {
    participants,
    from,
    start,
    serverStart,
    joined,
    settled,
    holdStart,
    serverHoldStart,
    holdEnd,
    serverHoldEnd,
    drained,
    memory,
    idle,
    machine,
    serverGone: !serverHoldEnd,
  };
}

/** The reconnect: clients joined and calling, the server killed and restarted, their way back timed. */
async function massReconnect({ clients, own, running, config, nodeOptions, signal }) {
  const first = own(await startSignalingNode({ options: nodeOptions }));
  const joined = await clients.join(first.url, roomPlan('reconnect', 0, config.reconnectClients), config.joinsPerSecond);
  const settledBefore = await clients.settle(SETTLE_MS);
  await sleep(STEADY_BEFORE_KILL_MS, signal);
  const before = await clients.mark();
  const killedAt = Date.now();
  await first.kill();
  running.delete(first);
  const second = own(await startSignalingNode({ port: first.port, options: nodeOptions }));
  const listeningAt = Date.now();
  const expected = before.participants;
  for (const until = Date.now() + RECONNECT_TIMEOUT_MS; Date.now() < until;) {
    await sleep(POLL_MS, signal);
    const now = await clients.count();
    if (now.counts.welcomedAgain - before.counts.welcomedAgain >= expected) break;
  }
  const settledAfter = await clients.settle(SETTLE_MS);
  const after = await clients.report();
  await clients.leave();
  await second.close();
  running.delete(second);
  return { joined, settledBefore, before, after, settledAfter, killedAt, listeningAt, expected, welcomesAgain: after.welcomesAgain };
}
