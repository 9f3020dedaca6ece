// `npm run token -- --room R --name N [--role host|guest] [--sub ID] [--ttl SECONDS] [--record] [--admit] [--waiting-room]`:
// signs a join token with LIFELINE_TOKEN_SECRET, for trying things out, and prints it with a
// demo link that uses it. A real backend signs with signJoinToken() from lifeline/server.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    room: { type: 'string' },
    name: { type: 'string', default: '' },
    role: { type: 'string', default: 'guest' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '3600' },
    record: { type: 'boolean', default: false },
    admit: { type: 'boolean', default: false },
    'waiting-room': { type: 'boolean', default: false },
  },
});
const secret = process.env.LIFELINE_TOKEN_SECRET;
if (!values.room || !secret) {
  console.error(
    'usage: LIFELINE_TOKEN_SECRET=... npm run token -- --room R --name N [--role host|guest] [--sub ID] [--ttl SECONDS] [--record] [--admit] [--waiting-room]',
  );
  process.exit(2);
}
if (!existsSync(new URL('../build/server/join-token.js', import.meta.url))) {
  console.error('Run `npm run build` first.');
  process.exit(2);
}
const { signJoinToken } = await import('../build/server/join-token.js');
const sub = values.sub ?? randomUUID();
const token = await signJoinToken(
  {
    room: values.room,
    sub,
    name: values.name,
    role: values.role,
    grants: { ...(values.record ? { record: true } : {}), ...(values.admit ? { admit: true } : {}) },
    waitingRoom: values['waiting-room'],
    ttlSeconds: Number(values.ttl),
  },
  { secret },
);
console.log(token);
const port = process.env.PORT ?? 8080;
console.error(`participant ${sub}; try it: http://localhost:${port}/?${new URLSearchParams({ room: values.room, name: values.name || sub, token })}`);
