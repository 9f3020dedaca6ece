// The reference server inside the hub namespace: `ip netns exec <hub> node server-host.mjs '<json>'`.
// The JSON argument is SignalingServerOptions (recoveryWindowMs, maxParticipants, ...) plus
// `host`. Prints one JSON line `{"port":N}` once listening, then the server's log lines.
// Exits when its stdin closes, so it never outlives the rig that started it.
import { startSignalingServer } from '../../../build/server/signaling-server.js';

if (process.argv.length < 3) {
  console.error('usage: ip netns exec <hub> node server-host.mjs \'{"host":"10.200.0.254"}\' (started by rig.mjs)');
  process.exit(2);
}

const options = JSON.parse(process.argv[2]);
const server = await startSignalingServer({
  host: '10.200.0.254',
  recoveryWindowMs: 120_000,
  ...options,
  port: 0,
  log: (line) => console.log(`${Date.now()} ${line}`),
});
console.log(JSON.stringify({ port: server.port }));

const stop = () => void server.close().finally(() => process.exit(0));
process.stdin.on('end', stop).on('error', stop).resume();
process.on('SIGTERM', stop);
