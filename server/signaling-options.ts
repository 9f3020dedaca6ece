import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Server, Socket } from 'socket.io';
import type { JoinRequest } from '../src/signaling/protocol.js';
import type { AddressLimits } from './address-limits.js';
import type { JoinPacing } from './join-pacing.js';
import type { ConnectionLimits } from './connection-limits.js';
import type { DrainOptions, DrainOutcome } from './drain.js';
import type { IceConfigSpec } from './ice-config.js';
import type { TokenKeys } from './join-token.js';
import type { MetricsOptions } from './metrics.js';
import type { RoomStore } from './room-store.js';
import type { RecordingAuthorization, RecordingSinkOptions } from './recording-sink.js';
import type { SecurityHeaderOptions, StaticRoot } from './static-files.js';
import type { RoomPolicy } from './waiting-room.js';
import type { RoomWebhookOptions } from './room-webhooks.js';

// What a host application configures of the reference server, and what it gets back.

export interface SignalingServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Interface to listen on; all interfaces when absent. */
  host?: string;
  /** Folders to serve over HTTP (the demo, the built SDK). */
  staticRoots?: StaticRoot[];
  /** Headers on what `staticRoots` serve: framing denied, no sniffing, no referrer by default. */
  securityHeaders?: SecurityHeaderOptions;
  /** How long a dropped socket may come back with its session, and stays present meanwhile. */
  recoveryWindowMs?: number;
  /**
   * Socket.IO's own heartbeat: a ping every `pingIntervalMs`, and a connection counts as dead
   * when the answer is `pingTimeoutMs` late. Short by default (2.5 s + 2.5 s, against Socket.IO's
   * 25 s + 20 s) so that a client on a dead network notices within 5 s and reconnects on fresh
   * TCP connections, instead of waiting out TCP's retransmission backoff once the network is back.
   */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  maxParticipants?: number;
  /** Origins allowed to connect from other sites; every origin when absent. */
  corsOrigins?: string[];
  /**
   * The host application's own check of who may join (a session cookie, a signed token in
   * `auth`). It runs on every connection, recovered ones included.
   */
  authorize?: (request: JoinRequest, handshake: Socket['handshake']) => boolean | Promise<boolean>;
  /**
   * Served at `GET /lifeline/ice-config?org=…&user=…`, with short-lived TURN credentials.
   * Absent: the endpoint answers 404 and the SDK uses its inline config.
   */
  iceConfig?: IceConfigSpec;
  /**
   * The host application's check of who may have TURN credentials (a session cookie, a signed
   * token). Everyone who can reach the endpoint when absent; a relay is worth protecting.
   */
  authorizeIceConfig?: (req: IncomingMessage, org: string | null) => boolean | Promise<boolean>;
  /** The recording sink under `/lifeline/recordings` (server/recording-sink.ts); 404 there when absent. */
  recordings?: RecordingSinkOptions;
  /** The host application's check of who may start a recording (`{ id }` names who); uploads then need its token. */
  authorizeRecording?: (req: IncomingMessage) => RecordingAuthorization | Promise<RecordingAuthorization>;
  /** What one connection may send (`DEFAULT_CONNECTION_LIMITS` for any not given); a flood past them is cut off. */
  limits?: Partial<ConnectionLimits>;
  /** Most bytes of relayed messages kept for connections to recover (default 32 MiB); the oldest go first. */
  recoveryBufferBytes?: number;
  /** What one client address may hold and do (`DEFAULT_ADDRESS_LIMITS` for any not given). */
  addressLimits?: Partial<AddressLimits>;
  /**
   * How fast this node lets handshakes in, whoever they come from (server/join-pacing.ts;
   * `DEFAULT_JOIN_PACING` for any not given); `false` or a rate of 0 lets everything in at once.
   */
  joinPacing?: JoinPacing | false;
  /**
   * The client's address, for `addressLimits`, from a handshake or an HTTP request; the peer
   * address when absent. Behind a proxy, read the header it sets.
   */
  clientAddress?: (request: { address: string; headers: IncomingHttpHeaders }) => string;
  /** How long a dropped member's place keeps someone else out of a full room (default 60 s). */
  heldPlaceMs?: number;
  /**
   * Signed join tokens (server/join-token.ts): with them, nothing works without one. Joining
   * needs a token for that room and participant, TURN credentials a valid token (its `sub` is
   * the TURN user), starting a recording a token with the `record` grant.
   */
  tokens?: TokenKeys;
  /**
   * Serve `GET /lifeline/dev-token`, which signs a token for whoever asks (server/dev-tokens.ts):
   * for the demo and tests with tokens on. Needs `tokens.secret`. Never in production.
   */
  devTokens?: boolean;
  /**
   * Asked once per room when it is first used: `{ waitingRoom: true }` locks it, so guests knock
   * and wait for a host. A join token's `waitingRoom` claim locks its room too; a host can lock
   * and unlock it during the call. Hosts (role `host`) and holders of the `admit` grant go straight in.
   */
  roomPolicy?: (room: string) => RoomPolicy | Promise<RoomPolicy>;
  /** Most guests waiting at one room at once (default 16); the next is refused with `room_full`. */
  maxWaiting?: number;
  /** POSTs `participant.joined` / `.left` and `room.started` / `.finished` to the host (server/room-webhooks.ts). */
  webhooks?: RoomWebhookOptions;
  /**
   * Cluster mode: rooms, presence, waiting rooms and removals in this Redis, shared with every
   * other node given the same one, and messages carried between nodes by Socket.IO's Redis
   * Streams adapter (which also keeps what a dropped connection missed, for whichever node it
   * comes back to). In memory, for this process alone, when absent.
   */
  redis?: { url: string; keyPrefix?: string; streamLength?: number };
  /** One line per join, leave and error; console.log when absent. */
  log?: (line: string) => void;
  /**
   * Prometheus metrics at `GET /metrics` (or `path`), with prom-client's process metrics. Off by
   * default: they tell whoever reaches the port how many rooms, members and joins there are.
   * Let only the scraper reach them (the nginx config answers 404 for the path).
   */
  metrics?: boolean | MetricsOptions;
  /**
   * Asked on every `GET /lifeline/readyz` (2 s at most): false, a throw or no answer make it 503,
   * so whatever balances the nodes sends no new joins here. Ready when absent.
   */
  ready?: () => boolean | Promise<boolean>;
}

export const DEFAULT_RECOVERY_BUFFER_BYTES = 32 * 1024 * 1024;
export const DEFAULT_HELD_PLACE_MS = 60_000;

export interface SignalingServer {
  readonly url: string;
  readonly port: number;
  readonly io: Server;
  /** Who is in which room, the waiting rooms and who is kept out. */
  readonly store: RoomStore;
  /**
   * Ends a participant's session in a room, tells the room they left, and keeps them out of it
   * (recovery and new joins refused with `removed`) for `forMs` (default an hour).
   */
  removeParticipant(room: string, participantId: string, forMs?: number): Promise<boolean>;
  /** Whether a room is locked now: guests knock and wait in its waiting room. */
  isLocked(room: string): Promise<boolean>;
  /**
   * Stops taking joins (readyz 503, handshakes refused with `service_unavailable`) and closes
   * every connection's transport, spread over `spreadMs`, so each client reconnects elsewhere by
   * itself. Resolves once no connection is left or `timeoutMs` has passed; `close()` after it.
   */
  drain(options?: DrainOptions): Promise<DrainOutcome>;
  close(): Promise<void>;
}
