// One reference signaling node in a process of its own (so its CPU time and memory are its
// own), started with `startSignalingServer` from the build, asked for its figures over IPC, and
// killable outright for the mass-reconnect figure. Its child is signaling-node-child.mjs.
import { fileURLToPath } from 'node:url';
import { forkChild } from './child-ipc.mjs';

/**
 * Every bench client comes from 127.0.0.1: the per-address limits (50 connections, 120 joins a
 * minute) would refuse them, so they are raised as the browser tests raise them. All other
 * options stay at their defaults: the figure is about a node as it ships.
 */
export const BENCH_ADDRESS_LIMITS = Object.freeze({ connections: 1_000_000, joinsPerMinute: 1_000_000, iceConfigsPerMinute: 1_000_000, recordingsPerMinute: 1_000_000 });

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
  const child = forkChild(CHILD, { name: 'the signaling node', execArgv: ['--expose-gc'] });
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
        await child.kill();
      },
    };
  } catch (error) {
    await child.kill();
    throw error;
  }
}
