import { fileURLToPath } from 'node:url';
import { iceConfigSpecFromEnv } from './ice-config.js';
import { recordingSinkOptionsFromEnv } from './recording-sink-env.js';
import { startSignalingServer } from './signaling-server.js';

// Compiled to build/server/main.js; the repository root is two levels up.
const root = fileURLToPath(new URL('../../', import.meta.url));
const port = Number(process.env.PORT ?? 8080);

const server = await startSignalingServer({
  port,
  host: process.env.HOST,
  // LIFELINE_ICE_CONFIG (a JSON file) or LIFELINE_STUN_URLS / LIFELINE_TURN_URLS / LIFELINE_TURN_SECRET.
  iceConfig: iceConfigSpecFromEnv(),
  // LIFELINE_RECORDINGS_DIR (default ./recordings), LIFELINE_RECORDING_WEBHOOK_URL / _SECRET, quotas, expiry.
  recordings: recordingSinkOptionsFromEnv(),
  // LIFELINE_FRAME_ANCESTORS: the sites that may frame the call page, space-separated; none when unset.
  securityHeaders: { frameAncestors: process.env.LIFELINE_FRAME_ANCESTORS?.split(/\s+/).filter(Boolean) ?? [] },
  staticRoots: [
    { prefix: '/dist/', dir: `${root}dist` },
    // The translations left out of the single-file bundle (German), for demo/themed.html.
    { prefix: '/build/components/strings/', dir: `${root}build/components/strings` },
    { prefix: '/', dir: `${root}demo` },
  ],
});
console.log(`Lifeline reference server at ${server.url}/?room=demo&name=Ada`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void server.close().then(() => process.exit(0)));
}
