// Reference servers in a process of their own, for figures that need the servers' CPU time apart
// from the clients': `cpu()` is the child's own `process.cpuUsage()`.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Every bench client comes from this one address: far past what one address may do by default. */
export const BENCH_ADDRESS_LIMITS = Object.freeze({ connections: 10_000, joinsPerMinute: 1_000_000, iceConfigsPerMinute: 1_000_000 });

const CHILD = fileURLToPath(new URL('./server-process-child.mjs', import.meta.url));
const START_TIMEOUT_MS = 15_000;
const REPLY_TIMEOUT_MS = 10_000;

/**
 * Starts one `startSignalingServer(options)` per entry of `servers` (JSON-serializable options;
 * the bench's address limits and no join pacing unless given: these figures are about one join's cost, not a crowd's) in one child process on 127.0.0.1.
 * `uncheckedMessages`: that server without the per-connection allowance at all (see the child),
 * to show what the check itself costs. Resolves to `{ urls, cpu(), close() }` once all listen.
 */
export async function startServerProcess(servers = [{}]) {
  const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const pending = new Map();
  let nextId = 0;
  child.on('message', (reply) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const ask = (request) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(
        () => (pending.delete(id), reject(new Error(`the server process did not answer ${request.ask} in ${REPLY_TIMEOUT_MS / 1000} s`))),
        request.ask === 'start' ? START_TIMEOUT_MS : REPLY_TIMEOUT_MS,
      );
      pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(`server process: ${reply.error}`));
        else resolve(reply);
      });
      child.send({ id, ...request });
    });
  try {
    const { urls } = await Promise.race([
      ask({
        ask: 'start',
        servers: servers.map(({ options = {}, uncheckedMessages = false }) => ({
          options: { addressLimits: BENCH_ADDRESS_LIMITS, joinPacing: false, ...options, port: 0, host: '127.0.0.1' },
          uncheckedMessages,
        })),
      }),
      exited.then((code) => Promise.reject(new Error(`the server process exited with ${code}`))),
    ]);
    return {
      urls,
      /** Microseconds of CPU (user + system) the server process has used so far. */
      cpu: async () => {
        const { usage } = await ask({ ask: 'cpu' });
        return usage.user + usage.system;
      },
      close: async () => {
        await ask({ ask: 'close' }).catch(() => child.kill());
        await exited;
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}
