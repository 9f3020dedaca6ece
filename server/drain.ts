import type { Server, Socket } from 'socket.io';
import { refusal } from './admission.js';

// A graceful drain, for a restart or a node leaving a cluster: the node stops taking joins
// (readyz 503, new handshakes refused with `service_unavailable`) and tells every connection to
// move by closing its transport, not its Socket.IO session, so the client reconnects by itself
// (to another node, or to this one restarted) and can recover the session there. The closes are
// spread over a few seconds so that the clients do not all come back at once.

export interface DrainOptions {
  /** The longest the drain waits for connections to go before it resolves anyway (default 30 s). */
  timeoutMs?: number;
  /** The connections are closed at random moments within this time (default 5 s, at most half the timeout). */
  spreadMs?: number;
}

export const DEFAULT_DRAIN: Readonly<Required<DrainOptions>> = Object.freeze({ timeoutMs: 30_000, spreadMs: 5_000 });

export interface DrainOutcome {
  /** Connections still open when the drain resolved: 0 unless the timeout passed first. */
  remaining: number;
}

/** `LIFELINE_DRAIN_TIMEOUT_MS`, the drain's timeout on SIGTERM (default 30 s). */
export function drainTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LIFELINE_DRAIN_TIMEOUT_MS;
  if (!raw) return DEFAULT_DRAIN.timeoutMs;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`LIFELINE_DRAIN_TIMEOUT_MS must be a whole number of milliseconds, not ${JSON.stringify(raw)}.`);
  return value;
}

export function createDrain(io: Server, log: (line: string) => void) {
  const sockets = io.of('/').sockets;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let drained: Promise<DrainOutcome> | null = null;
  let finish: (() => void) | null = null;
  let spread = 0;

  /** Closes the connection under the socket at a random moment within the spread. */
  const move = (socket: Socket) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      socket.conn.close();
    }, Math.random() * spread);
    timers.add(timer);
  };
  // A handshake that passed the gate just before the drain began is moved like the rest.
  io.on('connection', (socket) => drained && move(socket));

  function start(options: DrainOptions): Promise<DrainOutcome> {
    const { timeoutMs, spreadMs } = { ...DEFAULT_DRAIN, ...options };
    spread = Math.min(spreadMs, timeoutMs / 2);
    log(`drain connections=${sockets.size} timeoutMs=${timeoutMs} spreadMs=${spread}`);
    for (const socket of sockets.values()) move(socket);
    return new Promise((resolve) => {
      const check = setInterval(() => sockets.size === 0 && finish?.(), 50);
      const deadline = setTimeout(() => finish?.(), timeoutMs);
      finish = () => {
        finish = null;
        clearInterval(check);
        clearTimeout(deadline);
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        log(`drained remaining=${sockets.size}`);
        resolve({ remaining: sockets.size });
      };
      if (sockets.size === 0) finish();
    });
  }

  return {
    draining: () => drained !== null,
    /** Refuses every handshake once the drain has begun; goes before admission. */
    gate(_socket: Socket, next: (error?: Error) => void): void {
      if (drained) next(refusal('service_unavailable', 'This server is restarting or being replaced; try again in a moment.'));
      else next();
    },
    /** Starts the drain, once; a second call gets the same promise. */
    drain: (options: DrainOptions = {}) => (drained ??= start(options)),
    /** The server closes: a drain still under way resolves now. */
    close: () => finish?.(),
  };
}
