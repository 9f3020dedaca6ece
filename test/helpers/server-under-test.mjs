// The reference server for the server tests: as they configure it, or, when
// LIFELINE_TEST_REDIS_URL is set (by the *-cluster test files), in cluster mode on that Redis,
// each server with keys of its own, so the same tests check the shared store.
import { startSignalingServer as start } from '../../build/server/signaling-server.js';

let servers = 0;
export function startSignalingServer(options) {
  const url = process.env.LIFELINE_TEST_REDIS_URL;
  return start(url ? { ...options, redis: { url, keyPrefix: `test-${process.pid}-${++servers}:` } } : options);
}
