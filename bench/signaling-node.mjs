// One reference signaling node in a process of its own (so its CPU time and memory are its
// own), started with `startSignalingServer` from the build, asked for its figures over IPC, and
// killable outright for the mass-reconnect figure. Its child is signaling-node-child.mjs.
import { fileURLToPath } from 'node:url';
import { forkChild } from './child-ipc.mjs';
import { otherProcessCpuSample } from './cpu-sample.mjs';

/**
 * Every bench client comes from 127.0.0.1: the per-address limits (50 connections, 120 joins a
 * minute) would refuse them, so they are raised as the browser tests raise them. All other
 * options stay at their defaults: the figure is about a node as it ships.
 */
export const BENCH_ADDRESS_LIMITS = Object.freeze({
  connections: 1_000_000,
  joinsPerMinute: 1_000_000,
  iceConfigsPerMinute: 1_000_000,
  recordingsPerMinute: 1_000_000,
});

const CHILD = fileURLToPath(new URL('./signaling-node-child.mjs', import.meta.url));
const START_TIMEOUT_MS = 15_000;
const STATS_TIMEOUT_MS = 20_000;
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * Starts a node on 127.0.0.1 (`port` 0 picks a free one), with `options` (JSON-serializable) over
 * the bench's address limits and the server's defaults. Resolves to `{ url, port, stats(gc),
 * kill(), close() }`. `stats` gives its CPU time, memory (after a full GC when `gc`), open
 * connections, event-loop delay since the last call, and its log lines counted by kind (the
 * CPU fields are bench/cpu-sample.mjs's `processCpuSample`).
 */
export async function startSignalingNode({ port = 0, options = {} } = {}) {
  // --expose-gc: heap figures after a full collection, so they count what the node holds.
  // BENCH_SIGNALING_NODE_ARGS adds Node flags, to profile the node (`--cpu-prof --cpu-prof-dir=…`).
  const extra = process.env.BENCH_SIGNALING_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = forkChild(CHILD, { name: 'the signaling node', execArgv: ['--expose-gc', ...extra] });
  try {
    const started = await child.ask({ ask: 'start', options: { addressLimits: BENCH_ADDRESS_LIMITS, ...options, port, host: '127.0.0.1' } }, START_TIMEOUT_MS);
    return {
      url: started.url,
      port: started.port,
      pid: child.pid,
      stats: (gc = false) => child.ask({ ask: 'stats', gc }, STATS_TIMEOUT_MS),
      kill: () => child.kill('SIGKILL'),
      close: async () => {
        await child.ask({ ask: 'close' }, CLOSE_TIMEOUT_MS).catch(() => {});
        // SIGTERM first, which the child answers with a normal exit (a CPU profile is written only then).
        const exited = await Promise.race([child.kill('SIGTERM'), new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS, 'late'))]);
        if (exited === 'late') await child.kill();
      },
    };
  } catch (error) {
    await child.kill();
    throw error;
  }
}

/** Sums two nodes' stats into one (CPU, memory, connections, log counts); the event loop's delays are the worse node's. */
function mergeStats(all) {
  const sum = (pick) => all.reduce((total, s) => total + pick(s), 0);
  const kept = all.map((s) => s.recoveryBufferBytes);
  return {
    at: Math.max(...all.map((s) => s.at)),
    cpu: { user: sum((s) => s.cpu.user), system: sum((s) => s.cpu.system) },
    waitMs: all.some((s) => s.waitMs === null) ? null : sum((s) => s.waitMs),
    memory: Object.fromEntries(Object.keys(all[0].memory).map((key) => [key, sum((s) => s.memory[key])])),
    connections: sum((s) => s.connections),
    recoveryBufferBytes: kept.includes(null) ? null : kept.reduce((a, b) => a + b, 0),
    loopDelayMs: { p99: Math.max(...all.map((s) => s.loopDelayMs.p99)), max: Math.max(...all.map((s) => s.loopDelayMs.max)) },
    logged: {
      join: sum((s) => s.logged.join),
      leave: sum((s) => s.logged.leave),
      hold: sum((s) => s.logged.hold),
      errors: all.reduce((errors, s) => {
        for (const [code, n] of Object.entries(s.logged.errors)) errors[code] = (errors[code] ?? 0) + n;
        return errors;
      }, {}),
      samples: all.flatMap((s) => s.logged.samples),
    },
    nodes: all,
  };
}

/**
 * `count` nodes in cluster mode on one Redis (Debian's redis-server, started here, as the
 * cluster tests start it), each in a process of its own: the same `{ url, urls, stats(gc),
 * close() }` as one node, its stats summed over the nodes, with `redis`: the Redis process's CPU.
 */
export async function startSignalingCluster({ count, options = {} }) {
  const { startRedis } = await import('../test/helpers/redis.mjs');
  const redis = await startRedis();
  const nodes = [];
  try {
    for (let i = 0; i < count; i++) nodes.push(await startSignalingNode({ options: { ...options, redis: { url: redis.url } } }));
  } catch (error) {
    await Promise.all(nodes.map((node) => node.kill()));
    await redis.close();
    throw error;
  }
  return {
    url: nodes[0].url,
    urls: nodes.map((node) => node.url),
    stats: async (gc = false) => ({ ...mergeStats(await Promise.all(nodes.map((node) => node.stats(gc)))), redis: otherProcessCpuSample(redis.pid) }),
    kill: async () => {
      await Promise.all(nodes.map((node) => node.kill()));
      await redis.close();
    },
    close: async () => {
      await Promise.all(nodes.map((node) => node.close()));
      await redis.close();
    },
  };
}
