import type { JoinRequest } from '../src/signaling/protocol.js';
import type { JoinClaims } from './join-token.js';
import { Presence, type Admission, type Member } from './presence.js';
import { RemovedParticipants } from './removed-participants.js';
import { WaitingRooms, type Knock, type RoomPolicy } from './waiting-room.js';

// Everything the signaling server knows about rooms, behind one asynchronous interface: who is
// in each room (presence, join order, held places), the waiting rooms (locks and knocks), and
// who is kept out (removals, ended rooms). One process keeps it in memory (MemoryRoomStore);
// several nodes share it in Redis. Every decision that must be exact under races (a place in a
// full room, one instance per participant, a knock) is a single call here, so a shared
// implementation can make each one atomic.

export type KnockResult = { ok: true; knock: Knock } | { ok: false; code: 'already_in_room' | 'room_full'; reason: string };

export interface RoomStore {
  get(room: string, participantId: string): Promise<Member | undefined>;
  members(room: string): Promise<Member[]>;
  /** Whether this is the same tab coming back (its own socket, or its resume token). */
  isReturning(request: JoinRequest, socketId: string): Promise<boolean>;
  /** Takes a place in the room, or says why not; atomic with respect to every other admission. */
  admit(request: JoinRequest, socketId: string, claims: JoinClaims | null): Promise<Admission>;
  /** The member's connection is now this socket (Socket.IO's recovery restores the old id late). */
  setSocket(member: Member, socketId: string): Promise<void>;
  /** The member's socket went but may recover: its place is held for `ms`, then `onExpired` hears of it. */
  hold(member: Member, ms: number): Promise<void>;
  /** Removes the member if it is still the current instance; resolves whether it was. */
  remove(member: Member): Promise<boolean>;
  /** Called once for each held member whose time ran out (it is out of the store already). */
  onExpired(listener: (member: Member) => void): void;

  /** Whether this arrival knocks: the room is locked and they may not admit. */
  mustKnock(room: string, claims: JoinClaims | null): Promise<boolean>;
  isLocked(room: string): Promise<boolean>;
  setLocked(room: string, locked: boolean): Promise<void>;
  knock(request: JoinRequest, socketId: string, claims: JoinClaims | null): Promise<KnockResult>;
  getKnock(room: string, participantId: string): Promise<Knock | undefined>;
  knocks(room: string): Promise<Knock[]>;
  /** Takes a knock out (admitted, denied, gone); only this socket's, when given. */
  takeKnock(room: string, participantId: string, socketId?: string): Promise<Knock | undefined>;
  /** Forgets the room's lock once nobody is in it or waiting. */
  prune(room: string): Promise<void>;

  /**
   * Records that a run of the room started at `at` (its member with join number 1 was admitted);
   * resolves to the start of an earlier run nobody ended (every node holding it died), if any.
   */
  startRoom(room: string, at: number): Promise<number | null>;
  /**
   * Takes the start of the room's run when no member is left but those in `leaving`; null when
   * others are still in it, or another caller took it first. One caller ends each run.
   */
  endRoom(room: string, leaving?: ReadonlySet<string>): Promise<number | null>;

  /** Keeps a participant (or, with ENDED_ROOM, everyone) out of a room for `forMs`. */
  keepOut(room: string, participantId: string, forMs: number): Promise<void>;
  isKeptOut(room: string, participantId: string): Promise<boolean>;

  close(): Promise<void>;
}

/** Whether two records are the same instance of a participant (records from a shared store are copies). */
export function sameMember(a: Member | undefined, b: Member | undefined): boolean {
  return !!a && !!b && a.room === b.room && a.participantId === b.participantId && a.instanceId === b.instanceId && a.joinSeq === b.joinSeq;
}

export interface MemoryRoomStoreOptions {
  maxParticipants: number;
  heldPlaceMs: number;
  maxWaiting: number;
  roomPolicy?: (room: string) => RoomPolicy | Promise<RoomPolicy>;
  /** Whether a socket of this process is connected right now. */
  isLive: (socketId: string) => boolean;
}

/** The store of one process: everything in memory, gone with it. */
export class MemoryRoomStore implements RoomStore {
  private readonly presence: Presence;
  private readonly waiting: WaitingRooms;
  private readonly removed = new RemovedParticipants();
  /** When each room's current run started, for the room webhooks. */
  private readonly starts = new Map<string, number>();
  private expired: (member: Member) => void = () => {};

  constructor(options: MemoryRoomStoreOptions) {
    this.presence = new Presence(options.maxParticipants, options.isLive, options.heldPlaceMs);
    this.waiting = new WaitingRooms(options.roomPolicy, options.maxWaiting, options.isLive);
  }

  async get(room: string, participantId: string) {
    return this.presence.get(room, participantId);
  }
  async members(room: string) {
    return this.presence.members(room);
  }
  async isReturning(request: JoinRequest, socketId: string) {
    return this.presence.isReturning(request, socketId);
  }
  async admit(request: JoinRequest, socketId: string, claims: JoinClaims | null) {
    return this.presence.admit(request, socketId, claims);
  }
  async setSocket(member: Member, socketId: string) {
    member.socketId = socketId;
  }
  async hold(member: Member, ms: number) {
    this.presence.hold(member, ms, () => {
      if (this.presence.remove(member)) this.expired(member);
    });
  }
  async remove(member: Member) {
    return this.presence.remove(member);
  }
  onExpired(listener: (member: Member) => void) {
    this.expired = listener;
  }

  mustKnock(room: string, claims: JoinClaims | null) {
    return this.waiting.mustKnock(room, claims);
  }
  async isLocked(room: string) {
    return this.waiting.locked(room);
  }
  async setLocked(room: string, locked: boolean) {
    this.waiting.setLocked(room, locked);
  }
  async knock(request: JoinRequest, socketId: string, claims: JoinClaims | null) {
    return this.waiting.knock(request, socketId, claims);
  }
  async getKnock(room: string, participantId: string) {
    return this.waiting.get(room, participantId);
  }
  async knocks(room: string) {
    return this.waiting.knocks(room);
  }
  async takeKnock(room: string, participantId: string, socketId?: string) {
    return this.waiting.take(room, participantId, socketId);
  }
  async prune(room: string) {
    this.waiting.prune(room, this.presence.members(room).length > 0);
  }

  async startRoom(room: string, at: number) {
    const unended = this.starts.get(room) ?? null;
    this.starts.set(room, at);
    return unended;
  }
  async endRoom(room: string, leaving: ReadonlySet<string> = new Set()) {
    const started = this.starts.get(room);
    if (started === undefined || this.presence.members(room).some((m) => !leaving.has(m.participantId))) return null;
    this.starts.delete(room);
    return started;
  }

  async keepOut(room: string, participantId: string, forMs: number) {
    this.removed.add(room, participantId, forMs);
  }
  async isKeptOut(room: string, participantId: string) {
    return this.removed.has(room, participantId);
  }

  async close() {
    this.presence.clear();
    this.waiting.clear();
  }
}
