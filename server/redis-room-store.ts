import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { JoinRequest } from '../src/signaling/protocol.js';
import type { JoinClaims } from './join-token.js';
import type { Admission, Member } from './presence.js';
import { ADMIT, END_ROOM, KNOCK, PRUNE, REMOVE, SWEEP, TAKE_KNOCK, UPDATE } from './redis-scripts.js';
import type { KnockResult, RoomStore } from './room-store.js';
import { mayAdmit, type Knock, type RoomPolicy } from './waiting-room.js';

// The room store several nodes share, in Redis. Every decision that must be exact under races is
// one Lua script (server/redis-scripts.ts). Each node keeps a heartbeat key; the members and
// knocks of a node whose key expired (killed, cut off) count as dropped, and their places are
// held for the recovery window like any dropped connection's, so their clients can come back
// through another node. Every node sweeps places held too long and reports them (onExpired).

export interface RedisRoomStoreOptions {
  url: string;
  /** Prefix of every key (default `lifeline:`): several deployments can share one Redis. */
  keyPrefix?: string;
  maxParticipants: number;
  heldPlaceMs: number;
  maxWaiting: number;
  /** How long a dropped member's place is held: the server's recovery window. */
  recoveryWindowMs: number;
  roomPolicy?: (room: string) => RoomPolicy | Promise<RoomPolicy>;
  /** How often the node says it is alive, and how long that lasts (default 2 s and 8 s). */
  heartbeatMs?: number;
  nodeTtlMs?: number;
  /** How often the node sweeps places held too long (default 1 s). */
  sweepMs?: number;
  log: (line: string) => void;
}

type StoredMember = Omit<Member, 'graceTimer'> & { node: string; heldUntil: number | null };
type StoredKnock = Knock & { node: string };

/** Records from Lua come back through cjson, which writes an empty list as `{}`. */
function memberOf(json: string): Member {
  const stored = JSON.parse(json) as StoredMember;
  const publish = stored.claims?.grants.publish as unknown;
  if (stored.claims && publish !== undefined && !Array.isArray(publish)) stored.claims.grants.publish = [];
  return { ...stored, graceTimer: null };
}

export class RedisRoomStore implements RoomStore {
  /** This node's id: members and knocks name the node their socket is on. */
  readonly node = randomUUID();
  readonly redis: Redis;
  /**
   * For Socket.IO's Streams adapter, which waits out an outage with its commands queued (its
   * reading loop would spin on a fail-fast client); the store's own client fails fast instead.
   */
  readonly adapterClient: Redis;
  private readonly prefix: string;
  private readonly timers: NodeJS.Timeout[] = [];
  private expired: (member: Member) => void = () => {};

  constructor(private readonly options: RedisRoomStoreOptions) {
    this.prefix = options.keyPrefix ?? 'lifeline:';
    // Fail fast while Redis is away: a join is refused (service_unavailable) rather than queued.
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    this.redis.on('error', () => {}); // reconnects by itself; readiness reports the state
    this.adapterClient = new Redis(options.url);
    this.adapterClient.on('error', () => {});
    // The adapter saves a dropped connection's session with a SET whose promise it drops: while
    // Redis is away that SET fails, and a failure nobody hears would end the process.
    const set = this.adapterClient.set.bind(this.adapterClient) as (...args: unknown[]) => Promise<unknown>;
    (this.adapterClient as unknown as { set: typeof set }).set = (...args) => {
      const saving = set(...args);
      saving.catch((error: Error) => options.log(`error saving a session for recovery: ${error.message}`));
      return saving;
    };
    for (const [name, lua] of Object.entries({ ADMIT, UPDATE, REMOVE, SWEEP, KNOCK, TAKE_KNOCK, PRUNE, END_ROOM }))
      this.redis.defineCommand(`lifeline${name}`, { lua });
    const heartbeatMs = options.heartbeatMs ?? 2_000;
    this.timers.push(
      setInterval(() => void this.beat().catch(() => {}), heartbeatMs),
      setInterval(() => void this.sweep().catch(() => {}), options.sweepMs ?? 1_000),
    );
  }

  /** Resolves once Redis answers and this node's heartbeat is written. */
  async ready(): Promise<void> {
    if (this.redis.status !== 'ready')
      await new Promise<void>((resolve, reject) => {
        this.redis.once('ready', resolve);
        setTimeout(() => reject(new Error('Redis did not answer')), 10_000).unref();
      });
    await this.beat();
  }

  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  private key(room: string, what: 'members' | 'seq' | 'knocks' | 'access' | 'started'): string {
    return `${this.prefix}room:${room}:${what}`;
  }
  private get roomsKey() {
    return `${this.prefix}rooms`;
  }
  private get nodePrefix() {
    return `${this.prefix}node:`;
  }
  private beat() {
    return this.redis.set(`${this.nodePrefix}${this.node}`, '1', 'PX', this.options.nodeTtlMs ?? 8_000);
  }
  private run(name: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    return (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[`lifeline${name}`](keys.length, ...keys, ...args);
  }

  async get(room: string, participantId: string) {
    const json = await this.redis.hget(this.key(room, 'members'), participantId);
    return json ? memberOf(json) : undefined;
  }

  async members(room: string) {
    return Object.values(await this.redis.hgetall(this.key(room, 'members'))).map(memberOf);
  }

  async isReturning(request: JoinRequest, socketId: string) {
    const existing = await this.get(request.room, request.participantId);
    return (
      !!existing &&
      existing.instanceId === request.instanceId &&
      (existing.socketId === socketId || (!!request.resumeToken && existing.resumeToken === request.resumeToken))
    );
  }

  async admit(request: JoinRequest, socketId: string, claims: JoinClaims | null): Promise<Admission> {
    const { room } = request;
    const result = (await this.run(
      'ADMIT',
      [this.key(room, 'members'), this.key(room, 'seq'), this.roomsKey],
      [
        request.participantId,
        request.instanceId,
        socketId,
        request.resumeToken ?? '',
        claims ? JSON.stringify(claims) : '',
        claims?.name ?? request.name,
        this.node,
        Date.now(),
        this.options.heldPlaceMs,
        this.options.maxParticipants,
        randomBytes(18).toString('base64url'),
        randomBytes(18).toString('base64url'),
        room,
        this.nodePrefix,
      ],
    )) as string[];
    const [outcome, member, reclaimed] = result;
    if (outcome === 'returning') return { ok: true, member: memberOf(member), returning: true };
    if (outcome === 'admitted') return { ok: true, member: memberOf(member), returning: false, ...(reclaimed ? { reclaimed: memberOf(reclaimed) } : {}) };
    if (outcome === 'already_in_room')
      return { ok: false, code: outcome, reason: `${request.participantId} is already in room ${room} from another tab or device.` };
    return { ok: false, code: 'room_full', reason: `Room ${room} is full (${this.options.maxParticipants} participants).` };
  }

  private update(member: Member, fields: Record<string, unknown>): Promise<unknown> {
    const pairs = Object.entries(fields).flatMap(([field, value]) => [field, JSON.stringify(value)]);
    return this.run('UPDATE', [this.key(member.room, 'members')], [member.participantId, member.instanceId, member.joinSeq, ...pairs]);
  }

  async setSocket(member: Member, socketId: string) {
    member.socketId = socketId;
    await this.update(member, { socketId, node: this.node, heldSince: null, heldUntil: null });
  }

  async hold(member: Member, ms: number) {
    const now = Date.now();
    member.heldSince = now;
    await this.update(member, { heldSince: now, heldUntil: now + ms });
  }

  async remove(member: Member) {
    const { room } = member;
    return (
      (await this.run(
        'REMOVE',
        [this.key(room, 'members'), this.key(room, 'seq'), this.roomsKey, this.key(room, 'knocks')],
        [member.participantId, member.instanceId, member.joinSeq, room],
      )) === 1
    );
  }

  onExpired(listener: (member: Member) => void) {
    this.expired = listener;
  }

  /** Every room: dead nodes' members held from now, places held too long given up (each reported by the one node that removed it). */
  private async sweep(): Promise<void> {
    if (!this.connected) return;
    const now = Date.now();
    for (const room of await this.redis.smembers(this.roomsKey)) {
      const expired = (await this.run(
        'SWEEP',
        [this.key(room, 'members'), this.key(room, 'seq'), this.roomsKey, this.key(room, 'knocks')],
        [now, this.options.recoveryWindowMs, room, this.nodePrefix],
      )) as string[];
      for (const json of expired) this.expired(memberOf(json));
    }
  }

  async mustKnock(room: string, claims: JoinClaims | null) {
    const key = this.key(room, 'access');
    if ((await this.redis.exists(key)) === 0) {
      const decided = this.options.roomPolicy ? await this.options.roomPolicy(room) : undefined;
      await this.redis.hsetnx(key, 'byPolicy', decided?.waitingRoom ? '1' : '0');
    }
    if (claims?.waitingRoom) await this.redis.hset(key, 'byToken', '1');
    return (await this.isLocked(room)) && !mayAdmit(claims);
  }

  async isLocked(room: string) {
    const access = await this.redis.hgetall(this.key(room, 'access'));
    if (access.setByHost !== undefined) return access.setByHost === '1';
    return access.byPolicy === '1' || access.byToken === '1';
  }

  async setLocked(room: string, locked: boolean) {
    await this.redis.hset(this.key(room, 'access'), 'setByHost', locked ? '1' : '0');
  }

  async knock(request: JoinRequest, socketId: string, claims: JoinClaims | null): Promise<KnockResult> {
    const knock: StoredKnock = { request, claims, socketId, since: Date.now(), node: this.node };
    const outcome = await this.run(
      'KNOCK',
      [this.key(request.room, 'knocks'), this.roomsKey],
      [request.participantId, JSON.stringify(knock), socketId, this.options.maxWaiting, request.room, this.nodePrefix],
    );
    if (outcome === 'ok') return { ok: true, knock };
    if (outcome === 'already_in_room')
      return { ok: false, code: 'already_in_room', reason: `${request.participantId} is already waiting from another tab or device.` };
    return { ok: false, code: 'room_full', reason: `The waiting room of ${request.room} is full.` };
  }

  async getKnock(room: string, participantId: string) {
    const json = await this.redis.hget(this.key(room, 'knocks'), participantId);
    return json ? (JSON.parse(json) as Knock) : undefined;
  }

  async knocks(room: string) {
    const all = Object.values(await this.redis.hgetall(this.key(room, 'knocks'))).map((json) => JSON.parse(json) as Knock);
    return all.sort((a, b) => a.since - b.since);
  }

  async takeKnock(room: string, participantId: string, socketId?: string) {
    const json = (await this.run('TAKE_KNOCK', [this.key(room, 'knocks')], [participantId, socketId ?? ''])) as string | null;
    return json ? (JSON.parse(json) as Knock) : undefined;
  }

  async prune(room: string) {
    await this.run('PRUNE', [this.key(room, 'members'), this.key(room, 'knocks'), this.key(room, 'access')], []);
  }

  async startRoom(room: string, at: number) {
    const unended = await this.redis.set(this.key(room, 'started'), String(at), 'GET');
    return unended === null ? null : Number(unended);
  }

  async endRoom(room: string, leaving: ReadonlySet<string> = new Set()) {
    const started = (await this.run('END_ROOM', [this.key(room, 'members'), this.key(room, 'started')], [...leaving])) as string | null;
    return started ? Number(started) : null;
  }

  async keepOut(room: string, participantId: string, forMs: number) {
    await this.redis.set(`${this.prefix}out:${room}:${participantId}`, '1', 'PX', forMs);
  }

  async isKeptOut(room: string, participantId: string) {
    return (await this.redis.exists(`${this.prefix}out:${room}:${participantId}`)) === 1;
  }

  async close() {
    for (const timer of this.timers) clearInterval(timer);
    // The node says it is gone: its members count as dropped at once on the other nodes' next sweep.
    await this.redis.del(`${this.nodePrefix}${this.node}`).catch(() => {});
    // QUIT lets what is under way finish, where a disconnect would reject it unheard.
    // A Redis that is away never answers QUIT: after a moment the clients are simply dropped.
    const quitting = Promise.allSettled([this.redis.quit(), this.adapterClient.quit()]);
    await Promise.race([quitting, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    this.redis.disconnect();
    this.adapterClient.disconnect();
  }
}
