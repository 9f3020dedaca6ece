// The child of bench/signaling-node.mjs: one reference server, its figures asked over IPC.
import { answerParent } from './child-ipc.mjs';
import { eventLoopDelay, processCpuSample } from './cpu-sample.mjs';

const { startSignalingServer } = await import('../build/server/signaling-server.js');

const loopDelay = eventLoopDelay();
const ERROR_SAMPLES = 5;
/** The server's log, counted: joins, leaves, holds, and errors by their last word (the code). */
const logged = { join: 0, leave: 0, hold: 0, errors: {}, samples: [] };
function count(line) {
  const kind = line.slice(0, line.indexOf(' '));
  if (kind !== 'error') {
    if (kind in logged) logged[kind]++;
    return;
  }
  const code = /(\S+)$/.exec(line)?.[1] ?? 'error';
  logged.errors[code] = (logged.errors[code] ?? 0) + 1;
  if (logged.samples.length < ERROR_SAMPLES) logged.samples.push(line.slice(0, 200));
}

// A normal exit on SIGTERM, so that flags such as --cpu-prof write what they gathered.
process.on('SIGTERM', () => process.exit(0));

let server = null;
answerParent({
  start: async ({ options }) => {
    server = await startSignalingServer({ ...options, log: count });
    return { url: server.url, port: server.port };
  },
  stats: ({ gc }) => {
    if (gc) globalThis.gc();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    // The recovery buffer's size (server/capped-recovery-adapter.ts); private there, read for the report only.
    const kept = server.io.of('/').adapter.keptBytes;
    const figures = {
      ...processCpuSample(),
      memory: { rss, heapUsed, external, arrayBuffers },
      connections: server.io.engine.clientsCount,
      recoveryBufferBytes: typeof kept === 'number' ? kept : null,
      loopDelayMs: loopDelay.read(),
      logged,
    };
    loopDelay.reset();
    return figures;
  },
  close: async () => {
    await server?.close();
    return {};
  },
});
