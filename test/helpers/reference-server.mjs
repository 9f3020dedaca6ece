// The reference server as `npm start` runs it (build/server/main.js, so `npm run build` first),
// in a child process on 127.0.0.1: for the end-to-end tests and the screenshot script. Port 0
// lets the system pick a free port, so two runs never race for one.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts it with `env` added to this process's, on `port` (by default one the system picks);
 * resolves to `{ origin, stop(signal?) }` once it listens. `stop()` sends SIGINT, which closes at once; `stop('SIGTERM')` lets it drain first.
 * Either resolves to its exit code.
 */
export async function startReferenceServer({ env = {}, port = 0, timeoutMs = 15_000 } = {}) {
  const server = spawn(process.execPath, ['build/server/main.js'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  let output = '';
  // Read everything it prints, so a full pipe never blocks it.
  server.stdout.on('data', (chunk) => output.length < 4096 && (output += chunk));
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the reference server did not start in ${timeoutMs / 1000} s`)), timeoutMs);
    server.stdout.on('data', () => {
      const started = /reference server at (http:\/\/\S+?)\/\?/.exec(output);
      if (started) {
        clearTimeout(timer);
        resolve(started[1]);
      }
    });
    exited.then((code) => (clearTimeout(timer), reject(new Error(`the reference server exited with ${code}`))));
  }).catch(async (error) => {
    server.kill();
    throw error;
  });
  return {
    origin,
    stop: async (signal = 'SIGINT') => {
      server.kill(signal);
      return await exited;
    },
  };
}
