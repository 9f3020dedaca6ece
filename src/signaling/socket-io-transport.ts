import { io, type Socket } from 'socket.io-client';
import { CallError, type CallErrorCode } from '../errors.js';
import { Emitter, type Unsubscribe } from '../emitter.js';
import { PROTOCOL_VERSION, type JoinRequest, type OutgoingMessage, type SendAck } from './protocol.js';
import type { CommandAck, RoomCommand } from './room-protocol.js';
import type { JoinWelcome, SignalingTransport, TransportStatusChange } from './transport.js';

export interface SocketIoTransportOptions {
  /** Origin of the reference server; defaults to the page's own origin. */
  url?: string;
  /** Socket.IO path on that server. */
  path?: string;
  /** How long the first connection may take before `connect()` gives up. */
  connectTimeoutMs?: number;
  /** How long the server may take to acknowledge a message. */
  ackTimeoutMs?: number;
  /**
   * How long one connection attempt may take. Short, so an attempt started while the network
   * was dead (its TCP handshake lost) is dropped and a fresh one made soon after it is back.
   */
  attemptTimeoutMs?: number;
}

export const DEFAULT_SOCKET_IO_TRANSPORT_OPTIONS: Readonly<Required<Omit<SocketIoTransportOptions, 'url'>>> = Object.freeze({
  path: '/socket.io',
  connectTimeoutMs: 15_000,
  ackTimeoutMs: 10_000,
  attemptTimeoutMs: 3_000,
});

const REFUSALS: ReadonlySet<string> = new Set([
  'already_in_room',
  'room_full',
  'not_authorized',
  'invalid_message',
  'unsupported_version',
  'rate_limited',
  'too_many_connections',
  'removed',
  'denied',
  'room_ended',
  'service_unavailable',
  'token_missing',
  'token_invalid',
  'token_expired',
  'token_not_yet_valid',
  'token_wrong_room',
  'token_wrong_participant',
]);

/**
 * How long a session waits before it knocks again at a server that is draining, with jitter:
 * about as long as Socket.IO's own retries here, so the moved clients come back spread out.
 */
const DRAINING_RETRY_MS = 1_000;
/** The longest a server's `retryAfterMs` is followed: a hint, not an order to wait for ever. */
const MAX_RETRY_HINT_MS = 30_000;

/** The server's hint of when to come back, if it gave a usable one. */
function retryHintOf(data: { retryAfterMs?: unknown } | undefined): number | undefined {
  const hint = data?.retryAfterMs;
  return typeof hint === 'number' && Number.isFinite(hint) && hint >= 0 ? Math.min(hint, MAX_RETRY_HINT_MS) : undefined;
}

type Listeners = {
  message: (raw: unknown) => void;
  room: (raw: unknown) => void;
  status: (change: TransportStatusChange) => void;
};

/** The default transport: Socket.IO to the reference server, with connection-state recovery. */
export class SocketIoTransport implements SignalingTransport {
  /** The underlying socket, for diagnostics and tests; null until `connect()`. */
  socket: Socket | null = null;
  private readonly emitter = new Emitter<Listeners>();
  private readonly url: string;
  private readonly options: Required<Omit<SocketIoTransportOptions, 'url'>>;
  private request: JoinRequest | null = null;
  private leaveToken: string | undefined;
  /** Rejects the pending `connect()` when `close()` overtakes it. */
  private abortConnect: ((error: CallError) => void) | null = null;
  /** The next knock at a draining server, while a session waits to be taken back. */
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SocketIoTransportOptions = {}) {
    this.url = options.url || globalThis.location?.origin || '';
    this.options = {
      path: options.path ?? DEFAULT_SOCKET_IO_TRANSPORT_OPTIONS.path,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_SOCKET_IO_TRANSPORT_OPTIONS.connectTimeoutMs,
      ackTimeoutMs: options.ackTimeoutMs ?? DEFAULT_SOCKET_IO_TRANSPORT_OPTIONS.ackTimeoutMs,
      attemptTimeoutMs: options.attemptTimeoutMs ?? DEFAULT_SOCKET_IO_TRANSPORT_OPTIONS.attemptTimeoutMs,
    };
  }

  connect(request: JoinRequest): Promise<JoinWelcome> {
    if (this.socket) return Promise.reject(new CallError('invalid_state', 'This transport is already connected.'));
    this.request = request;
    const socket = io(this.url, {
      path: this.options.path,
      auth: { ...request },
      transports: ['websocket', 'polling'],
      // A proxy or firewall that refuses WebSocket (many corporate ones do) still lets plain
      // HTTP through: fall back to long-polling within the same attempt.
      tryAllTransports: true,
      // Retries stay close together (at most about 1.5 s apart with jitter): a call waiting for
      // its network should be back within moments of the network, not at the next long backoff.
      reconnectionDelay: 250,
      reconnectionDelayMax: 1000,
      timeout: Math.min(this.options.attemptTimeoutMs, this.options.connectTimeoutMs),
    });
    this.socket = socket;

    let joined = false;
    /** The server was busy for the first join and said to come back: the error if time runs out first. */
    let busy: CallError | undefined;
    // The server says why before it cuts a connection off (a flood of messages: `rate_limited`).
    let closedBecause: CallError | undefined;
    socket.on('refused', (why: { code?: string; reason?: string }) => {
      const code = why?.code;
      if (code && REFUSALS.has(code)) closedBecause = new CallError(code as CallErrorCode, String(why.reason ?? code).slice(0, 200));
    });
    socket.on('message', (raw: unknown) => this.emitter.emit('message', raw));
    socket.on('room', (raw: { type?: unknown; welcome?: JoinWelcome }) => {
      // Let in from the waiting room: from now on this instance has a place to leave and to take back.
      if (raw?.type === 'admitted' && raw.welcome) this.remember(socket, raw.welcome);
      this.emitter.emit('room', raw);
    });
    socket.on('disconnect', () => {
      if (joined)
        this.emitter.emit('status', {
          status: socket.active ? 'reconnecting' : 'disconnected',
          recovered: false,
          error: socket.active ? undefined : closedBecause,
        });
    });

    return new Promise<JoinWelcome>((resolve, reject) => {
      this.abortConnect = (error) => {
        clearTimeout(timer);
        this.abortConnect = null;
        reject(error);
      };
      const giveUp = (code: CallErrorCode, message: string, cause?: unknown) => {
        this.abortConnect?.(new CallError(code, message, { cause }));
        this.close();
      };
      const deadline = Date.now() + this.options.connectTimeoutMs;
      const timer = setTimeout(() => {
        if (busy) giveUp(busy.code, busy.message, busy.cause);
        else giveUp('signaling_unreachable', `Could not reach the signaling server at ${this.url}.`);
      }, this.options.connectTimeoutMs);
      // The server welcomes every connection, recovered or not; after the first, it means "back".
      socket.on('welcome', (welcome: JoinWelcome) => {
        this.remember(socket, welcome);
        if (joined) {
          this.emitter.emit('status', { status: 'connected', recovered: socket.recovered, welcome });
          return;
        }
        joined = true;
        clearTimeout(timer);
        this.abortConnect = null;
        resolve(welcome);
      });
      socket.on('connect_error', (error: Error & { data?: { code?: string; reason?: string; retryAfterMs?: unknown } }) => {
        const code = error.data?.code;
        const hint = retryHintOf(error.data);
        if (joined && code === 'service_unavailable') {
          // The server is draining, busy or without its store: the session is not over; another
          // node (or this one, restarted or less busy) takes it back, when it said or soon.
          this.retryTimer = setTimeout(() => socket.connect(), hint ?? DRAINING_RETRY_MS * (0.5 + Math.random()));
          return;
        }
        if (!joined && code === 'service_unavailable' && hint !== undefined && Date.now() + hint < deadline) {
          // Busy letting others in, with a slot for this join: wait for it within the join's time.
          busy = new CallError('service_unavailable', error.data?.reason ?? error.message, { cause: error });
          this.retryTimer = setTimeout(() => socket.connect(), hint);
          return;
        }
        if (joined && !socket.active) {
          // The server refused a reconnect (access revoked, a token expired): the session is over, and why is known.
          const why = code && REFUSALS.has(code) ? new CallError(code as CallErrorCode, error.data?.reason ?? error.message, { cause: error }) : undefined;
          this.emitter.emit('status', { status: 'disconnected', recovered: false, error: why });
          return;
        }
        if (joined || socket.active) return; // a network error: Socket.IO retries by itself
        if (code && REFUSALS.has(code)) giveUp(code as CallErrorCode, error.data?.reason ?? error.message, error);
        else giveUp('signaling_unreachable', `The signaling server refused the connection: ${error.message}`, error);
      });
    });
  }

  send(message: OutgoingMessage): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new CallError('not_joined', 'Join a room before sending messages.'));
    return new Promise((resolve, reject) => {
      socket.timeout(this.options.ackTimeoutMs).emit('message', { v: PROTOCOL_VERSION, ...message }, (error: Error | null, ack?: SendAck) => {
        if (error) reject(new CallError('signaling_timeout', `The signaling server did not acknowledge ${message.type}.`, { cause: error }));
        else if (!ack || !ack.ok) reject(new CallError(ack?.code ?? 'invalid_message', ack?.reason ?? 'The server refused the message.'));
        else resolve();
      });
    });
  }

  command(command: RoomCommand): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new CallError('not_joined', 'Join a room first.'));
    return new Promise((resolve, reject) => {
      socket.timeout(this.options.ackTimeoutMs).emit('control', command, (error: Error | null, ack?: CommandAck) => {
        if (error) reject(new CallError('signaling_timeout', `The signaling server did not answer ${command.action}.`, { cause: error }));
        else if (!ack || !ack.ok) reject(new CallError(ack?.code ?? 'invalid_message', ack?.reason ?? 'The server refused the command.'));
        else resolve();
      });
    });
  }

  onRoomEvent(listener: (raw: unknown) => void): Unsubscribe {
    return this.emitter.on('room', listener);
  }

  onMessage(listener: (raw: unknown) => void): Unsubscribe {
    return this.emitter.on('message', listener);
  }

  onStatus(listener: (change: TransportStatusChange) => void): Unsubscribe {
    return this.emitter.on('status', listener);
  }

  /** Keeps the secrets a welcome brings: the leave beacon's, and the one every later attempt carries for when the server cannot recover the session. */
  private remember(socket: Socket, welcome: JoinWelcome): void {
    if (welcome.leaveToken) this.leaveToken = welcome.leaveToken;
    if (welcome.resumeToken) socket.auth = { ...(socket.auth as Record<string, unknown>), resumeToken: welcome.resumeToken };
  }

  updateToken(token: string): void {
    if (this.request) this.request = { ...this.request, token };
    if (this.socket) this.socket.auth = { ...(this.socket.auth as Record<string, unknown>), token };
  }

  sendLeaveBeacon(): void {
    const request = this.request;
    if (!request || !this.leaveToken || typeof navigator === 'undefined' || !navigator.sendBeacon) return;
    const body = JSON.stringify({ room: request.room, participantId: request.participantId, instanceId: request.instanceId, leaveToken: this.leaveToken });
    // A plain string is sent as text/plain, which needs no CORS preflight during unload.
    navigator.sendBeacon(new URL('/lifeline/leave', this.url).href, body);
  }

  close(): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    clearTimeout(this.retryTimer);
    this.abortConnect?.(new CallError('invalid_state', 'The transport was closed while connecting.'));
    socket.removeAllListeners();
    socket.disconnect();
    this.emitter.emit('status', { status: 'disconnected', recovered: false });
  }
}
