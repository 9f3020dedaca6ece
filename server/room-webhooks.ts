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
  /**
   * Records that the room started at `at` (its first member was admitted, join number 1) and
   * resolves to the start of an earlier run of the room that nobody ended, if there is one.
   */
  startRoom: (room: string, at: number) => Promise<number | null>;
  /**
   * Takes the room's start when no member is left in it but those in `leaving` (members of this
   * server as it closes): exactly one caller, on any node, ends each run of a room.
   */
  endRoom: (room: string, leaving?: ReadonlySet<string>) => Promise<number | null>;
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
  // Whether a room started or finished is the store's to say (shared by every node of a
  // cluster); this server keeps only the members it admitted, to tell a replaced tab.
  const members = new Map<string, Map<string, Member>>();
  /** Each room's events in the order they happened here, whatever the store takes to answer. */
  const queues = new Map<string, Promise<void>>();
  let closed = false;

  const inOrder = (room: string, step: () => Promise<void>) => {
    const next = (queues.get(room) ?? Promise.resolve()).then(step).catch((error: unknown) => host.log(`error room webhook room=${room}: ${String(error)}`));
    queues.set(room, next);
    void next.then(() => queues.get(room) === next && queues.delete(room));
  };

  const fields = (member: Member, at: number): ParticipantFields => ({
    room: member.room,
    participantId: member.participantId,
    name: member.name,
    role: member.claims?.role ?? null,
    joinSeq: member.joinSeq,
    at,
  });

  function leave(member: Member, reason: string, at: number): void {
    const here = members.get(member.room);
    here?.delete(member.participantId);
    if (here?.size === 0) members.delete(member.room);
    outbox.send({ event: 'participant.left', ...fields(member, at), reason });
  }

  const finish = (room: string, startedAt: number, at: number) => outbox.send({ event: 'room.finished', room, at, durationMs: at - startedAt });

  return {
    joined(member) {
      if (closed) return;
      const at = now();
      inOrder(member.room, async () => {
        if (member.joinSeq === 1) {
          // A run the receiver never heard end (every node holding it died) ends before the next begins.
          const unended = await host.startRoom(member.room, at);
          if (unended !== null) finish(member.room, unended, at);
          outbox.send({ event: 'room.started', room: member.room, at });
        }
        // Presence lets a new tab take the place of a dead one without a leave: the receiver still hears one.
        const previous = members.get(member.room)?.get(member.participantId);
        if (previous && !sameMember(previous, member)) leave(previous, 'replaced', at);
        const here = members.get(member.room) ?? new Map<string, Member>();
        members.set(member.room, here.set(member.participantId, member));
        outbox.send({ event: 'participant.joined', ...fields(member, at) });
      });
    },
    left(member, reason) {
      if (closed) return;
      const at = now();
      inOrder(member.room, async () => {
        // Announced once in the whole cluster, by the node that took the member out, which may
        // not be the one that admitted it; a replaced tab's leave was told at the new one's join.
        const known = members.get(member.room)?.get(member.participantId);
        if (!known || sameMember(known, member)) leave(member, reason, at);
        // Someone admitted but not yet joined keeps the room going: their join follows.
        const startedAt = await host.endRoom(member.room);
        if (startedAt !== null) finish(member.room, startedAt, at);
      });
    },
    async close() {
      if (!closed) {
        closed = true;
        await Promise.all(queues.values());
        const at = now();
        for (const [room, here] of members) {
          const leaving = new Set(here.keys());
          for (const member of [...here.values()]) leave(member, 'server_shutting_down', at);
          // Ended only if nobody on another node is still in it.
          const startedAt = await host.endRoom(room, leaving).catch((error: unknown) => (host.log(`error room webhook room=${room}: ${String(error)}`), null));
          if (startedAt !== null) finish(room, startedAt, at);
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
