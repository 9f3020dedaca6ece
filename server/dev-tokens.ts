import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidId, MAX_NAME_CHARS } from '../src/signaling/protocol.js';
import { signJoinToken, type JoinGrants, type PublishKind, type Role } from './join-token.js';

export const DEV_TOKEN_PATH = '/lifeline/dev-token';

/**
 * `GET /lifeline/dev-token?room=&sub=&name=&role=&record=1&admit=1&publish=audio,video&waitingRoom=1&ttl=` signs a join token for whoever
 * asks: for trying the demo and for tests with tokens on. Anyone who can reach it can join any
 * room as anyone, so it exists only when the server is started with `devTokens` (the demo's
 * `LIFELINE_DEV_TOKENS=1`), never in production.
 */
export async function handleDevToken(req: IncomingMessage, res: ServerResponse, secret: string): Promise<void> {
  const query = new URL(req.url ?? '/', 'http://x').searchParams;
  const room = query.get('room');
  const sub = query.get('sub');
  const name = query.get('name') ?? '';
  const role = (query.get('role') ?? 'guest') as Role;
  const ttl = Number(query.get('ttl') ?? 3600);
  if (
    !isValidId(room) ||
    !isValidId(sub) ||
    name.length > MAX_NAME_CHARS ||
    (role !== 'host' && role !== 'guest') ||
    !Number.isInteger(ttl) ||
    ttl < -3600 ||
    ttl > 86_400
  ) {
    return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_request' }));
  }
  const publish = query.get('publish')?.split(',') as PublishKind[] | undefined;
  if (publish && !publish.every((kind) => ['audio', 'video', 'screen'].includes(kind))) {
    return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_request' }));
  }
  const grants: JoinGrants = {
    ...(query.get('record') === '1' ? { record: true } : {}),
    ...(query.get('admit') === '1' ? { admit: true } : {}),
    ...(publish ? { publish } : {}),
  };
  const waitingRoom = query.get('waitingRoom') === '1';
  const token = await signJoinToken({ room, sub, name, role, grants, waitingRoom, ttlSeconds: ttl }, { secret });
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ token }));
}
