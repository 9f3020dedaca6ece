import type { Unsubscribe } from '../emitter.js';
import type { CallError } from '../errors.js';
import type { JoinRequest, OutgoingMessage } from './protocol.js';
import type { RoomCommand } from './room-protocol.js';

export type TransportStatus = 'connected' | 'reconnecting' | 'disconnected';

export interface TransportStatusChange {
  status: TransportStatus;
  /** On `connected` after a drop: whether the server kept the session (no re-join needed). */
  recovered: boolean;
  /** On `connected` after a drop: what the server said this time (a new join order if it did not recover). */
  welcome?: JoinWelcome;
  /** On `disconnected`: why the server closed the connection, when it said (`rate_limited`). */
  error?: CallError;
}

/** What the server says of this participant's own access, from its join token. */
export interface JoinAccess {
  /** `host` or `guest`; null where the server takes no tokens. */
  role: 'host' | 'guest' | null;
  /** May let guests in from the waiting room. */
  admit: boolean;
  /** The kinds this participant may send; null for all. */
  publish: ('audio' | 'video' | 'screen')[] | null;
}

/** What the server tells a client once it has joined, or is waiting to be let in. */
export interface JoinWelcome {
  /** The order in which this participant joined the room; absent while waiting. */
  joinSeq?: number;
  /** In the room's waiting room: a host's `admitted` room event lets it in. */
  waiting?: boolean;
  access?: JoinAccess;
  /** Authenticates the tab-closing LEAVE beacon of this connection. */
  leaveToken?: string;
  /** Lets this instance take its place back on a connection the server could not recover. */
  resumeToken?: string;
  /**
   * On a connection Socket.IO could not recover: the server still had this instance's place (it
   * presented its resume token), so its calls with the others were never ended and can go on.
   */
  resumed?: boolean;
}

/**
 * How the engine reaches the other participants. The default talks Socket.IO to the reference
 * server; a host can plug in its own (its WebSocket, a Phoenix channel, a postMessage bridge).
 *
 * The router on the other side must stamp `fromId` with the identity it verified at `connect`,
 * route addressed messages only to their addressee, and fan out `toId: '*'` to the room.
 */
export interface SignalingTransport {
  /** Joins the room. Rejects with a CallError (`already_in_room`, `room_full`, `signaling_unreachable`). */
  connect(request: JoinRequest): Promise<JoinWelcome>;
  /** Sends one message. Rejects with a CallError when the router refuses it. */
  send(message: OutgoingMessage): Promise<void>;
  /** Raw incoming messages; the engine validates them before use. */
  onMessage(listener: (raw: unknown) => void): Unsubscribe;
  onStatus(listener: (change: TransportStatusChange) => void): Unsubscribe;
  /** Asks the server for a host's action on the room (admit, deny, mute, remove, lock, end). Rejects with a CallError (`not_permitted`). */
  command?(command: RoomCommand): Promise<void>;
  /** What the server says about the room (knocks, being admitted, the lock, mute requests, the end); validated by the engine. */
  onRoomEvent?(listener: (raw: unknown) => void): Unsubscribe;
  /** A fresh join token for the connection's later attempts (a reconnect after the old one expired). */
  updateToken?(token: string): void;
  /** Best effort LEAVE while the page is going away (`navigator.sendBeacon`). */
  sendLeaveBeacon?(): void;
  /** Leaves and releases everything; idempotent. */
  close(): void;
}
