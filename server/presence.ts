import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { JoinRequest } from '../src/signaling/protocol.js';
import type { JoinClaims } from './join-token.js';

/** One participant as the server knows it: only what routing and presence need. */
export interface Member {
  room: string;
  participantId: string;
  instanceId: string;
  /** The name admitted with this member; the server stamps it on what the member says of itself. */
  name: string;
  /** What its join token said, when the server requires tokens; null in open mode. */
  claims: JoinClaims | null;
  socketId: string;
  joinSeq: number;
  /** Authenticates this instance's tab-closing LEAVE beacon. */
  leaveToken: string;
  /** Lets this instance back in on a connection Socket.IO could not recover; only it was told. */
  resumeToken: string;
  /** Set while the socket is gone but may still recover; presence ends when it fires. */
  graceTimer: ReturnType<typeof setTimeout> | null;
  /** When the socket went (ms, the presence's clock); null while it is connected. */
  heldSince: number | null;
}

export type Admission =
  /** `reclaimed`: a member whose place was held too long and given to this one; not announced yet. */
  { ok: true; member: Member; returning: boolean; reclaimed?: Member } | { ok: false; code: 'already_in_room' | 'room_full'; reason: string };

/**
 * Rooms -> participants -> the one live instance of each. No call state: the server relays,
 * it does not take part.
 */
export class Presence {
  private readonly rooms = new Map<string, Map<string, Member>>();
  private readonly joinCounters = new Map<string, number>();

  constructor(
    private readonly maxParticipants: number,
    /** Whether a socket is connected right now (not merely inside its recovery window). */
    private readonly isLive: (socketId: string) => boolean,
    /** How long a dropped member's place keeps someone else out of a full room. */
    private readonly heldPlaceMs: number = Infinity,
    private readonly now: () => number = Date.now,
  ) {}

  get(room: string, participantId: string): Member | undefined {
    return this.rooms.get(room)?.get(participantId);
  }

  members(room: string): Member[] {
    return [...(this.rooms.get(room)?.values() ?? [])];
  }

  /**
   * Whether this is the same tab coming back: its own recovered socket, or a fresh connection
   * with the secret only it was given. The instanceId alone proves nothing: every JOIN tells it to the room.
   */
  isReturning(request: JoinRequest, socketId: string): boolean {
    const existing = this.get(request.room, request.participantId);
    return (
      !!existing && existing.instanceId === request.instanceId && (existing.socketId === socketId || sameSecret(request.resumeToken, existing.resumeToken))
    );
  }

  admit(request: JoinRequest, socketId: string, claims: JoinClaims | null = null): Admission {
    let members = this.rooms.get(request.room);
    const existing = members?.get(request.participantId);
    if (existing && this.isReturning(request, socketId)) {
      this.clearGrace(existing);
      existing.socketId = socketId;
      // A fresh token on the way back (the old one expired meanwhile) may carry a new name.
      if (claims) Object.assign(existing, { claims, name: claims.name });
      return { ok: true, member: existing, returning: true };
    }
    if (existing && existing.socketId !== socketId && this.isLive(existing.socketId)) {
      return { ok: false, code: 'already_in_room', reason: `${request.participantId} is already in room ${request.room} from another tab or device.` };
    }
    const others = (members?.size ?? 0) - (existing ? 1 : 0);
    // A full room gives up the place held longest for a dropped member, once held long enough.
    const reclaimed = others >= this.maxParticipants ? this.longestHeld(members!, existing) : undefined;
    if (others >= this.maxParticipants && !reclaimed) {
      return { ok: false, code: 'room_full', reason: `Room ${request.room} is full (${this.maxParticipants} participants).` };
    }
    if (reclaimed) this.remove(reclaimed);
    if (existing) this.clearGrace(existing); // a dead instance is replaced by the new one
    if (!members) {
      members = new Map();
      this.rooms.set(request.room, members);
    }
    const joinSeq = (this.joinCounters.get(request.room) ?? 0) + 1;
    this.joinCounters.set(request.room, joinSeq);
    const member: Member = {
      room: request.room,
      participantId: request.participantId,
      instanceId: request.instanceId,
      name: claims?.name ?? request.name,
      claims,
      socketId,
      joinSeq,
      leaveToken: randomBytes(18).toString('base64url'),
      resumeToken: randomBytes(18).toString('base64url'),
      graceTimer: null,
      heldSince: null,
    };
    members.set(request.participantId, member);
    return { ok: true, member, returning: false, ...(reclaimed ? { reclaimed } : {}) };
  }

  private longestHeld(members: Map<string, Member>, except: Member | undefined): Member | undefined {
    const due = this.now() - this.heldPlaceMs;
    let longest: Member | undefined;
    for (const member of members.values()) {
      if (member === except || member.heldSince === null || member.heldSince > due) continue;
      if (!longest || member.heldSince < longest.heldSince!) longest = member;
    }
    return longest;
  }

  /** Keeps the member present for `ms`, then calls `expire` unless the socket came back. */
  hold(member: Member, ms: number, expire: () => void): void {
    this.clearGrace(member);
    member.heldSince = this.now();
    member.graceTimer = setTimeout(() => {
      member.graceTimer = null;
      expire();
    }, ms);
  }

  /** Removes the member if it is still the current instance; returns whether it was. */
  remove(member: Member): boolean {
    const members = this.rooms.get(member.room);
    if (members?.get(member.participantId) !== member) return false;
    this.clearGrace(member);
    members.delete(member.participantId);
    if (members.size === 0) {
      this.rooms.delete(member.room);
      this.joinCounters.delete(member.room);
    }
    return true;
  }

  clear(): void {
    for (const members of this.rooms.values()) for (const member of members.values()) this.clearGrace(member);
    this.rooms.clear();
  }

  private clearGrace(member: Member): void {
    if (member.graceTimer) clearTimeout(member.graceTimer);
    member.graceTimer = null;
    member.heldSince = null;
  }
}

/** Compares a presented secret with the expected one in constant time. */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
