import type { IncomingMessage, ServerResponse } from 'node:http';
import { logValue } from './log-value.js';

// Health for whatever runs the server (systemd, an orchestrator, a load balancer): healthz
// answers while the process serves; readyz only while it takes joins, so a node that drains or
// has lost a dependency (the Redis part's check) gets no new ones.

export const HEALTH_PATH = '/lifeline/healthz';
export const READY_PATH = '/lifeline/readyz';
/** How long the `ready` hook may take before readyz answers 503 anyway: a probe must not hang. */
export const DEFAULT_READY_CHECK_TIMEOUT_MS = 2_000;

export interface Readiness {
  draining: () => boolean;
  /** The host's or the cluster's own check (a Redis ping); ready when absent. */
  ready?: () => boolean | Promise<boolean>;
  log: (line: string) => void;
}

type NotReady = 'draining' | 'not_ready' | 'check_failed' | 'check_timeout';

async function notReady(readiness: Readiness): Promise<NotReady | null> {
  if (readiness.draining()) return 'draining';
  if (!readiness.ready) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<NotReady>((resolve) => (timer = setTimeout(() => resolve('check_timeout'), DEFAULT_READY_CHECK_TIMEOUT_MS)));
  const check = Promise.resolve()
    .then(() => readiness.ready!())
    .then((ready): NotReady | null => (ready === true ? null : 'not_ready'))
    .catch((error: unknown): NotReady => {
      readiness.log(`error readyz check failed: ${logValue(error)}`);
      return 'check_failed';
    });
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Answers healthz and readyz; false for any other path. */
export async function serveHealth(pathname: string, req: IncomingMessage, res: ServerResponse, readiness: Readiness): Promise<boolean> {
  if (pathname !== HEALTH_PATH && pathname !== READY_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  const reason = pathname === READY_PATH ? await notReady(readiness) : null;
  const body = pathname === HEALTH_PATH ? { status: 'ok' } : reason ? { ready: false, reason } : { ready: true };
  res
    .writeHead(reason ? 503 : 200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
  return true;
}
