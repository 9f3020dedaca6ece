// The waiting room and host controls' tests again, with the server's rooms in a real Redis
// (cluster mode), so the shared store decides exactly as the one in memory does.
import { after } from 'node:test';
import { startRedis } from '../helpers/redis.mjs';

const redis = await startRedis();
process.env.LIFELINE_TEST_REDIS_URL = redis.url;
await import('./waiting-room.test.mjs');
// After the server's own closing: Redis goes last.
after(() => redis.close());
