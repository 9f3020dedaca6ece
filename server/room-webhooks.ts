import type { Role } from './join-token.js';
import type { Member } from './presence.js';
import { sameMember } from './room-store.js';
import { createWebhookOutbox } from './webhook-outbox.js';

// Tells the host's backend who came and went, and when a room began and ended, so it can bill,
// audit or close the appointment without polling. Only admitted members count, once each: a
// connection that recovers or resumes its place is the same member, not a new join.

/** The `webhooks` option of `startSignalingServer`. */
export interface RoomWebhookOptions {
  /** An http(s) URL that receives each event as a POST. */
  url: string;
  /** Signs each delivery (`x-lifeline-signature`; `verifyWebhook` checks it). */
  secret?: string;
  /** Keeps pending deliveries across restarts; memory only when absent. */
  folder?: string;
  /** Waits before each retry; `DEFAULT_WEBHOOK_DELIVERY.retryDelaysMs` when absent. */
  retryDelaysMs?: number[];
  /** Most deliveries pending at once (default 10,000); past it the oldest is dropped. */
  maxPending?: number;
}

/** Who, in every participant event: the server's own record of the member, never the client's word. */
interface ParticipantFields {
  room: string;
  participantId: string;
  /** The admitted name: the join token's, when tokens are on. */
  name: string;
  /** The join token's role; null in open mode. */
  role: Role | null;
  /** This member's place in the room's join order, as its welcome said. */
  joinSeq: number;
  /** Epoch ms. */
  at: number;
}

export interface ParticipantJoinedEvent extends ParticipantFields {
  event: 'participant.joined';
}

export interface ParticipantLeftEvent extends ParticipantFields {
  event: 'participant.left';
  /**
   * Why, as the server's log says: `client_namespace_disconnect` (left), `recovery_expired`
   * (dropped and never came back), `beacon` (tab closed), `removed`, `place_reclaimed`,
   * `identity_changed`, `replaced` (the same participant joined from a new tab),
   * `server_shutting_down`.
   */
  reason: string;
}

/** The first participant was admitted to an empty room. */
export interface RoomStartedEvent {
  event: 'room.started';
  room: string;
  at: number;
}

/** The last participant left. */
export interface RoomFinishedEvent {
  event: 'room.finished';
  room: string;
  at: number;
  /** Since `room.started`. */
  durationMs: number;
}

export type RoomEvent = ParticipantJoinedEvent | ParticipantLeftEvent | RoomStartedEvent | RoomFinishedEvent;

export interface RoomWebhooks {
  /** A member admitted afresh (not one coming back). */
  joined(member: Member): void;
  /** A member out of presence, announced to the room. */
  left(member: Member, reason: string): void;
  /** Everyone still in a room leaves it (`server_shutting_down`); pending deliveries stay in the folder. */
  close(): Promise<void>;
}

export interface RoomWebhookHost {
  /** Whether presence has no member of the room, counting those admitted but not yet joined. */
  isEmpty: (room: string) => boolean | Promise<boolean>;
  log: (line: string) => void;
  now?: () => number;
}

export function createRoomWebhooks(options: RoomWebhookOptions, host: RoomWebhookHost): RoomWebhooks {
  const now = host.now ?? Date.now;
  const outbox = createWebhookOutbox<RoomEvent>({
    ...options,
    name: 'room webhook',
    // Room and participant ids passed the protocol's check: safe in a log line as they are.
    describe: (event) => `event=${event.event} room=${event.room}${'participantId' in event ? ` participant=${event.participantId}` : ''}`,
    log: host.log,
  });
  /** The rooms the receiver was told started, with the members it was told joined. */
  const rooms = new Map<string, { startedAt: number; members: Map<string, Member> }>();
  let closed = false;

  const fields = (member: Member, at: number): ParticipantFields => ({
    room: member.room,
    participantId: member.participantId,
    name: member.name,
    role: member.claims?.role ?? null,
    joinSeq: member.joinSeq,
    at,
  });

  function leave(member: Member, reason: string, at: number): void {
    rooms.get(member.room)?.members.delete(member.participantId);
    outbox.send({ event: 'participant.left', ...fields(member, at), reason });
  }

  function finish(room: string, at: number): void {
    const started = rooms.get(room);
    if (!started) return;
    rooms.delete(room);
    outbox.send({ event: 'room.finished', room, at, durationMs: at - started.startedAt });
  }

  return {
    joined(member) {
      if (closed) return;
      const at = now();
      let room = rooms.get(member.room);
      if (!room) {
        room = { startedAt: at, members: new Map() };
        rooms.set(member.room, room);
        outbox.send({ event: 'room.started', room: member.room, at });
      }
      // Presence lets a new tab take the place of a dead one without a leave: the receiver still hears one.
      const previous = room.members.get(member.participantId);
      if (previous && !sameMember(previous, member)) leave(previous, 'replaced', at);
      room.members.set(member.participantId, member);
      outbox.send({ event: 'participant.joined', ...fields(member, at) });
    },
    left(member, reason) {
      const room = rooms.get(member.room);
      if (closed || !room) return;
      const at = now();
      if (sameMember(room.members.get(member.participantId), member)) leave(member, reason, at);
      // Someone admitted but not yet joined keeps the room going: their join follows.
      if (room.members.size > 0) return;
      // Asked of the store, which may be a network away: by the answer the room may have come back to life.
      void Promise.resolve(host.isEmpty(member.room)).then((empty) => empty && rooms.get(member.room)?.members.size === 0 && finish(member.room, at));
    },
    async close() {
      if (!closed) {
        closed = true;
        const at = now();
        for (const [name, room] of rooms) {
          for (const member of room.members.values()) leave(member, 'server_shutting_down', at);
          finish(name, at);
        }
      }
      await outbox.close();
    },
  };
}

/**
 * `npm start`'s room webhooks: `LIFELINE_WEBHOOK_URL` turns them on, signed with
 * `LIFELINE_WEBHOOK_SECRET`, pending deliveries kept in `LIFELINE_WEBHOOK_DIR` (default
 * `webhooks` in the working directory, so a restart loses none). Undefined without a URL.
 */
export function roomWebhookOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RoomWebhookOptions | undefined {
  if (!env.LIFELINE_WEBHOOK_URL) return undefined;
  return { url: env.LIFELINE_WEBHOOK_URL, secret: env.LIFELINE_WEBHOOK_SECRET || undefined, folder: env.LIFELINE_WEBHOOK_DIR || 'webhooks' };
}
