// Simulated participants (bench/simulated-participant.mjs) in child processes of their own, so
// they neither share the server's CPU time nor hide their own: whole rooms to each process, in
// turn, and their figures merged when asked.
import { fileURLToPath } from 'node:url';
import { forkChild } from './child-ipc.mjs';
import { JOIN_TIMEOUT_MS } from './simulated-participant.mjs';

const CHILD = fileURLToPath(new URL('./signaling-clients-child.mjs', import.meta.url));
const ASK_TIMEOUT_MS = 30_000;

/** Figures that mean nothing summed: kept in `processes`, one entry per process. */
const PER_PROCESS = new Set(['at', 'cpu', 'waitMs', 'loopDelayMs', 'firstAt', 'lastJoinedAt']);

/** Sums counts (and objects of counts) and joins lists. */
function merge(all) {
  const merged = {};
  for (const figures of all) {
    for (const [key, value] of Object.entries(figures)) {
      if (PER_PROCESS.has(key)) continue;
      if (Array.isArray(value)) merged[key] = (merged[key] ?? []).concat(value);
      else if (typeof value === 'number') merged[key] = (merged[key] ?? 0) + value;
      else if (value && typeof value === 'object') merged[key] = merge([merged[key] ?? {}, value]);
    }
  }
  return merged;
}

/**
 * Forks `count` client processes. Each method asks all of them and resolves to the merged
 * figures, with `processes`: what each one reported (its `cpu`, `loopDelayMs`, ...).
 */
export async function startClientProcesses(count) {
  const children = Array.from({ length: count }, (_, i) => forkChild(CHILD, { name: `client process ${i + 1}` }));
  let nextChild = 0;
  const askAll = async (requests, timeoutMs = ASK_TIMEOUT_MS) => {
    const all = await Promise.all(children.map((child, i) => child.ask(requests[i], timeoutMs)));
    return { ...merge(all), processes: all };
  };
  const same = (request) => children.map(() => request);
  return {
    pids: children.map((child) => child.pid),
    /**
     * Joins `rooms` (`[{ room, members: [participantId] }]`), each room whole in one process,
     * at `ratePerSecond` in all: each process at its share of it. With several `urls` (nodes of
     * a cluster), each room's members take them in turn, so every room spans nodes.
     */
    join: async (urls, rooms, ratePerSecond) => {
      const nodes = [urls].flat();
      const members = children.map(() => []);
      for (const { room, members: ids } of rooms)
        members[nextChild++ % count].push(...ids.map((participantId, k) => ({ room, participantId, url: nodes[k % nodes.length] })));
      const total = rooms.reduce((sum, room) => sum + room.members.length, 0);
      const timeoutMs = (total / ratePerSecond) * 1000 + JOIN_TIMEOUT_MS * 3;
      const joined = await askAll(
        members.map((list) => ({ ask: 'join', members: list, ratePerSecond: Math.max(1e-3, (ratePerSecond * list.length) / total) })),
        timeoutMs,
      );
      const busy = joined.processes.filter((reply) => reply.joinMs.length > 0);
      return {
        ...joined,
        firstAt: Math.min(...joined.processes.map((reply) => reply.firstAt)),
        lastJoinedAt: busy.length ? Math.max(...busy.map((reply) => reply.lastJoinedAt)) : null,
      };
    },
    settle: (timeoutMs) => askAll(same({ ask: 'settle', timeoutMs }), timeoutMs + ASK_TIMEOUT_MS),
    mark: () => askAll(same({ ask: 'mark' })),
    report: () => askAll(same({ ask: 'report' })),
    count: () => askAll(same({ ask: 'count' })),
    leave: () => askAll(same({ ask: 'leave' })),
    heartbeats: (on, timeoutMs) => askAll(same({ ask: 'heartbeats', on, timeoutMs }), (timeoutMs ?? 0) + ASK_TIMEOUT_MS),
    /** Kills every client process (they hold nothing worth a graceful end). */
    kill: () => Promise.all(children.map((child) => child.kill())),
  };
}
