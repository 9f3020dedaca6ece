import type { TrackKind } from '../media/device-kinds.js';
import { isValidId } from './protocol.js';

/**
 * The room's own channel, beside the relayed messages: what a host asks of the server (admit,
 * deny, ask to mute, remove, lock, end) and what the server tells a client about the room (a
 * knock, being admitted, the lock, a mute request, the end). Only the server speaks on it, so a
 * participant can never pose as the host to another: the server checks every command against
 * the role in the sender's join token. Free of browser and Node APIs, like protocol.ts.
 */

/** What a mute request names: kinds of track, in the one vocabulary of the media layer. */
export type MediaKind = TrackKind;

export type RoomCommand =
  | { action: 'admit' | 'deny' | 'remove'; participantId: string }
  | { action: 'mute'; participantId: string; kinds: MediaKind[] }
  | { action: 'lock' | 'unlock' | 'end' };

export type RoomCommandAction = RoomCommand['action'];

/** What the server answers to a command. */
export type CommandAck = { ok: true } | { ok: false; code: RoomCommandErrorCode; reason: string };
export type RoomCommandErrorCode = 'invalid_message' | 'not_permitted' | 'not_joined' | 'peer_not_found' | 'room_full' | 'rate_limited' | 'service_unavailable';

/** What came of a knock: admitted, denied by a host, or the guest gone. */
export type KnockOutcome = 'admitted' | 'denied' | 'left';

/** The server's welcome to a connection that was let in directly or after knocking. */
export interface RoomWelcome {
  joinSeq: number;
  leaveToken?: string;
  resumeToken?: string;
}

export type RoomEvent =
  /** To those who may admit: someone is waiting. Sent again for each waiting guest when a host (re)joins. */
  | { type: 'knock'; participantId: string; name: string }
  | { type: 'knock-ended'; participantId: string; outcome: KnockOutcome }
  /** To a waiting guest: a host let them in. */
  | { type: 'admitted'; welcome: RoomWelcome }
  | { type: 'lock'; locked: boolean }
  /** To one participant: a host asks them to mute. P2P media cannot be forced off; their client mutes. */
  | { type: 'mute-requested'; byId: string; byName: string; kinds: MediaKind[] }
  /** To everyone: a host ended the call. */
  | { type: 'ended'; byId: string };

const KINDS: ReadonlySet<string> = new Set<MediaKind>(['audio', 'video']);
const OUTCOMES: ReadonlySet<string> = new Set<KnockOutcome>(['admitted', 'denied', 'left']);
const TARGETED: ReadonlySet<string> = new Set(['admit', 'deny', 'remove', 'mute']);
const WHOLE_ROOM: ReadonlySet<string> = new Set(['lock', 'unlock', 'end']);
const MAX_NAME = 256;

const record = (raw: unknown): Record<string, unknown> | null =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;

function kindsOf(raw: unknown): MediaKind[] | null {
  if (raw === undefined) return ['audio'];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 2 || !raw.every((k) => KINDS.has(k))) return null;
  return [...new Set(raw as MediaKind[])];
}

/** Validates a command a client sends; null when it is not one. */
export function parseRoomCommand(raw: unknown): RoomCommand | null {
  const m = record(raw);
  if (!m || typeof m.action !== 'string') return null;
  if (WHOLE_ROOM.has(m.action)) return { action: m.action as 'lock' | 'unlock' | 'end' };
  if (!TARGETED.has(m.action) || !isValidId(m.participantId)) return null;
  if (m.action !== 'mute') return { action: m.action as 'admit' | 'deny' | 'remove', participantId: m.participantId };
  const kinds = kindsOf(m.kinds);
  return kinds ? { action: 'mute', participantId: m.participantId, kinds } : null;
}

function welcomeOf(raw: unknown): RoomWelcome | null {
  const w = record(raw);
  if (!w || !Number.isSafeInteger(w.joinSeq) || (w.joinSeq as number) < 0) return null;
  const token = (v: unknown) => (typeof v === 'string' && v.length <= 64 ? v : undefined);
  return { joinSeq: w.joinSeq as number, leaveToken: token(w.leaveToken), resumeToken: token(w.resumeToken) };
}

/** Validates what the server says about the room before the engine acts on it; null when malformed. */
export function parseRoomEvent(raw: unknown): RoomEvent | null {
  const m = record(raw);
  if (!m) return null;
  switch (m.type) {
    case 'knock':
      return isValidId(m.participantId) && typeof m.name === 'string' && m.name.length <= MAX_NAME
        ? { type: 'knock', participantId: m.participantId, name: m.name }
        : null;
    case 'knock-ended':
      return isValidId(m.participantId) && OUTCOMES.has(m.outcome as string)
        ? { type: 'knock-ended', participantId: m.participantId, outcome: m.outcome as KnockOutcome }
        : null;
    case 'admitted': {
      const welcome = welcomeOf(m.welcome);
      return welcome ? { type: 'admitted', welcome } : null;
    }
    case 'lock':
      return typeof m.locked === 'boolean' ? { type: 'lock', locked: m.locked } : null;
    case 'mute-requested': {
      const kinds = kindsOf(m.kinds);
      return kinds && isValidId(m.byId) && typeof m.byName === 'string' && m.byName.length <= MAX_NAME
        ? { type: 'mute-requested', byId: m.byId, byName: m.byName, kinds }
        : null;
    }
    case 'ended':
      return isValidId(m.byId) ? { type: 'ended', byId: m.byId } : null;
    default:
      return null;
  }
}
