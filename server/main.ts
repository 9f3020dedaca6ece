import { fileURLToPath } from 'node:url';
import { drainTimeoutFromEnv } from './drain.js';
import { iceConfigSpecFromEnv } from './ice-config.js';
import { joinPacingFromEnv } from './join-pacing.js';
import { metricsOptionFromEnv } from './metrics.js';
import { recordingSinkOptionsFromEnv } from './recording-sink-env.js';
import { roomWebhookOptionsFromEnv } from './room-webhooks.js';
import { startSignalingServer } from './signaling-server.js';
import { listenHost, tokenKeysFromEnv } from './token-env.js';

// Compiled to build/server/main.js; the repository root is two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
const port = Number(process.env.PORT ?? 8080);
const tokens = tokenKeysFromEnv();
const drainTimeoutMs = drainTimeoutFromEnv();
const listen = listenHost(process.env, tokens);
if ('refuse' in listen) {
  console.error(listen.refuse);
  process.exit(1);
}

const server = await startSignalingServer({
  port,
  host: listen.host,
  // LIFELINE_TOKEN_SECRET, LIFELINE_TOKEN_PUBLIC_KEY (+ LIFELINE_TOKEN_ALG) or LIFELINE_TOKEN_JWKS_URL.
  ...(tokens ? { tokens } : {}),
  // LIFELINE_DEV_TOKENS=1: /lifeline/dev-token signs a token for whoever asks (the demo uses it). Never in production.
  devTokens: Boolean(tokens?.secret) && process.env.LIFELINE_DEV_TOKENS === '1',
  // LIFELINE_ICE_CONFIG (a JSON file) or LIFELINE_STUN_URLS / LIFELINE_TURN_URLS / LIFELINE_TURN_SECRET.
  iceConfig: iceConfigSpecFromEnv(),
  // LIFELINE_RECORDINGS_DIR (default ./recordings), LIFELINE_RECORDING_WEBHOOK_URL / _SECRET, quotas, expiry.
  recordings: recordingSinkOptionsFromEnv(),
  // LIFELINE_REDIS_URL: cluster mode, the rooms shared with every other node on this Redis.
  ...(process.env.LIFELINE_REDIS_URL ? { redis: { url: process.env.LIFELINE_REDIS_URL } } : {}),
  // LIFELINE_WEBHOOK_URL / _SECRET / _DIR (default ./webhooks): participant and room events for the host's backend.
  webhooks: roomWebhookOptionsFromEnv(),
  // LIFELINE_FRAME_ANCESTORS: the sites that may frame the call page, space-separated; none when unset.
  securityHeaders: { frameAncestors: process.env.LIFELINE_FRAME_ANCESTORS?.split(/\s+/).filter(Boolean) ?? [] },
  // LIFELINE_METRICS=1: Prometheus metrics at /metrics, for a scraper that reaches this port directly.
  metrics: metricsOptionFromEnv(),
  // LIFELINE_MAX_JOINS_PER_SECOND: how fast this node lets handshakes in (default 150, 0 for no pacing).
  joinPacing: joinPacingFromEnv(),
  staticRoots: [
    { prefix: '/dist/', dir: `${root}dist` },
    // The translations left out of the single-file bundle (German), for demo/themed.html.
    { prefix: '/build/components/strings/', dir: `${root}build/components/strings` },
    { prefix: '/', dir: `${root}demo` },
  ],
});
if (!tokens) {
  console.warn(
    'OPEN DEVELOPMENT MODE: no join tokens are configured, so anyone who reaches this server can join any room,\n' +
      '  get TURN credentials and start recordings. Set LIFELINE_TOKEN_SECRET before letting anyone else reach it.',
  );
}
console.log(`Lifeline reference server at ${server.url}/?room=demo&name=Ada`);

let closing: Promise<never> | null = null;
const closeAndExit = () => (closing ??= server.close().then(() => process.exit(0)));
// SIGTERM (systemd, an orchestrator, a deploy) drains first: clients move before the node goes.
// LIFELINE_DRAIN_TIMEOUT_MS bounds the wait (default 30 s). SIGINT (Ctrl-C) closes at once.
process.on('SIGTERM', () => void server.drain({ timeoutMs: drainTimeoutMs }).then(closeAndExit));
process.on('SIGINT', () => void closeAndExit());
