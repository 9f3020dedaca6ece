import type { JoinRequest } from '../src/signaling/protocol.js';
import type { JoinClaims } from './join-token.js';

// Which rooms are locked and who is knocking at each. A room is locked by a host (lock/unlock),
// or else by the server's room policy or a join token for it that asks for a waiting room.
// Knocks live here, apart from presence: a knocking guest is in no room, hears nothing of it and
// can send nothing to it until a host admits them.

/** What the host application decides about a room when it is first used. */
export interface RoomPolicy {
  /** Guests knock and wait for a host (or someone with the `admit` grant) to let them in. */
  waitingRoom?: boolean;
}

export interface Knock {
  request: JoinRequest;
  claims: JoinClaims | null;
  socketId: string;
  since: number;
}

interface RoomAccess {
  /** What a host last set; null until one does, and the policy and tokens decide. */
  setByHost: boolean | null;
  byPolicy: boolean;
  /** A join token for this room asked for a waiting room. */
  byToken: boolean;
  knocks: Map<string, Knock>;
}

export const DEFAULT_MAX_WAITING = 16;
/** A knock this young may still be finishing its handshake: not yet connected, not dead. */
const KNOCK_SETTLE_MS = 5_000;

/** Hosts and holders of the `admit` grant may let guests in, and go straight in themselves. */
export const mayAdmit = (claims: JoinClaims | null): boolean => claims?.role === 'host' || claims?.grants.admit === true;
/** Only hosts may ask to mute, remove, lock and end. */
export const isHost = (claims: JoinClaims | null): boolean => claims?.role === 'host';

export class WaitingRooms {
  private readonly rooms = new Map<string, RoomAccess>();

  constructor(
    private readonly policy: ((room: string) => RoomPolicy | Promise<RoomPolicy>) | undefined,
    private readonly maxWaiting: number,
    /** Whether a socket is connected right now. */
    private readonly isLive: (socketId: string) => boolean,
  ) {}

  /** Whether this arrival knocks: the room is locked and they may not admit. Asks the policy once per room. */
  async mustKnock(room: string, claims: JoinClaims | null): Promise<boolean> {
    if (!this.rooms.has(room)) {
      const decided = this.policy ? await this.policy(room) : undefined;
      if (!this.rooms.has(room)) this.rooms.set(room, { setByHost: null, byPolicy: decided?.waitingRoom === true, byToken: false, knocks: new Map() });
    }
    if (claims?.waitingRoom) this.rooms.get(room)!.byToken = true;
    return this.locked(room) && !mayAdmit(claims);
  }

  locked(room: string): boolean {
    const access = this.rooms.get(room);
    return !!access && (access.setByHost ?? (access.byPolicy || access.byToken));
  }

  setLocked(room: string, locked: boolean): void {
    const access = this.rooms.get(room);
    if (access) access.setByHost = locked;
  }

  /** Adds a knock, replacing one of the same participant whose connection is gone; else says why not. */
  knock(
    request: JoinRequest,
    socketId: string,
    claims: JoinClaims | null,
  ): { ok: true; knock: Knock } | { ok: false; code: 'already_in_room' | 'room_full'; reason: string } {
    const access = this.rooms.get(request.room);
    if (!access) return { ok: false, code: 'room_full', reason: 'The room is not open.' };
    this.sweep(access);
    const existing = access.knocks.get(request.participantId);
    if (existing && existing.socketId !== socketId && this.isLive(existing.socketId)) {
      return { ok: false, code: 'already_in_room', reason: `${request.participantId} is already waiting from another tab or device.` };
    }
    if (!existing && access.knocks.size >= this.maxWaiting) {
      return { ok: false, code: 'room_full', reason: `The waiting room of ${request.room} is full.` };
    }
    const knock = { request, claims, socketId, since: Date.now() };
    access.knocks.set(request.participantId, knock);
    return { ok: true, knock };
  }

  get(room: string, participantId: string): Knock | undefined {
    return this.rooms.get(room)?.knocks.get(participantId);
  }

  /** Everyone waiting, longest first. */
  knocks(room: string): Knock[] {
    const access = this.rooms.get(room);
    if (access) this.sweep(access);
    return [...(access?.knocks.values() ?? [])];
  }

  /**
   * Forgets knocks whose connection is gone without a disconnect handler to say so (it closed
   * between the handshake and the connection), so they neither show to hosts nor take a place.
   */
  private sweep(access: RoomAccess): void {
    const due = Date.now() - KNOCK_SETTLE_MS;
    for (const [id, knock] of access.knocks) if (knock.since < due && !this.isLive(knock.socketId)) access.knocks.delete(id);
  }

  /** Takes a knock out (admitted, denied, gone); only this socket's, when given. */
  take(room: string, participantId: string, socketId?: string): Knock | undefined {
    const knock = this.get(room, participantId);
    if (!knock || (socketId !== undefined && knock.socketId !== socketId)) return undefined;
    this.rooms.get(room)!.knocks.delete(participantId);
    return knock;
  }

  /** Forgets a room nobody is in or waiting at, so its lock does not outlive it. */
  prune(room: string, hasMembers: boolean): void {
    if (!hasMembers && this.rooms.get(room)?.knocks.size === 0) this.rooms.delete(room);
  }

  clear(): void {
    this.rooms.clear();
  }
}
