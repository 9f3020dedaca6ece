// Requests and replies between a bench and the processes it forks, over Node's IPC channel:
// each request carries an id, its reply the same id, and every request has a time limit. A
// child exits as soon as its parent is gone, so a crashed bench leaves nothing running.
import { fork } from 'node:child_process';

/** Forks `path`; resolves requests with `ask({ ask: name, ...fields }, timeoutMs)`. */
export function forkChild(path, { name, execArgv = [] }) {
  const child = fork(path, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const pending = new Map();
  let nextId = 0;
  let exitedWith = null;
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exitedWith = signal ?? code;
      for (const settle of pending.values()) settle({ error: `exited (${exitedWith})` });
      pending.clear();
      resolve(exitedWith);
    }),
  );
  child.on('message', (reply) => {
    const settle = pending.get(reply.id);
    pending.delete(reply.id);
    settle?.(reply);
  });
  const ask = (request, timeoutMs) =>
    new Promise((resolve, reject) => {
      if (exitedWith !== null) return reject(new Error(`${name} has exited (${exitedWith})`));
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${name} did not answer ${request.ask} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(`${name}: ${request.ask}: ${reply.error}`));
        else resolve(reply);
      });
      child.send({ id, ...request });
    });
  return {
    pid: child.pid,
    ask,
    exited,
    /** Kills the child (SIGKILL unless told otherwise) and resolves once it is gone. */
    kill: (signal = 'SIGKILL') => {
      if (exitedWith === null) child.kill(signal);
      return exited;
    },
  };
}

/** In the child: answers the parent's requests with `handlers[request.ask](request)`. */
export function answerParent(handlers) {
  process.on('disconnect', () => process.exit(0));
  process.on('message', async ({ id, ask, ...request }) => {
    let reply;
    try {
      if (!handlers[ask]) throw new Error(`no such request: ${ask}`);
      reply = { id, ...(await handlers[ask](request)) };
    } catch (error) {
      reply = { id, error: error.message };
    }
    if (process.connected) process.send(reply);
  });
}
