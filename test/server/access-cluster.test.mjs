// The access suites again, with every server in cluster mode on one real Redis: hostile tokens,
// the takeover, recovery and ghost attacks, the waiting room and host controls must hold on the
// shared store exactly as in one process.
import { after } from 'node:test';
import { startRedis } from '../helpers/redis.mjs';

const redis = await startRedis();
process.env.LIFELINE_TEST_REDIS_URL = redis.url;
await import('./join-tokens.test.mjs');
await import('./signaling-abuse.test.mjs');
await import('./signaling-ghosts.test.mjs');
await import('./waiting-room.test.mjs');
// After the servers' own closing: Redis goes last.
after(() => redis.close());
