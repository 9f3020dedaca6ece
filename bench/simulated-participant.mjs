// One participant of a signaling bench: a Node Socket.IO client set up as the SDK's transport
// sets up its socket (src/signaling/socket-io-transport.ts), doing in its room what the engine
// does (src/call-engine.ts, src/room/call-manager.ts) without any media: JOIN and ENUM on
// entering, the later joiner of each pair calling the earlier one, an offer and an answer with
// their candidates, then a heartbeat to each peer every 2.5 s. Everything it sees goes to `meter`.
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { CANDIDATES_PER_SIDE, envelope, joinRequest, messages } from './signaling-messages.mjs';

/** The transport's socket options, as the SDK passes them (its default attempt timeout: 3 s). */
export const SDK_SOCKET_OPTIONS = Object.freeze({
  path: '/socket.io',
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
  reconnectionDelay: 250,
  reconnectionDelayMax: 1000,
  timeout: 3_000,
});
/** The SDK's defaults: a join may take 15 s, an ack 10 s; a heartbeat goes every 2.5 s. */
export const JOIN_TIMEOUT_MS = 15_000;
export const ACK_TIMEOUT_MS = 10_000;
export const HEARTBEAT_INTERVAL_MS = 2_500;
/** What one side of a call receives to set it up: CALLING or ANSWER_CALL, a description, the candidates. */
export const SETUP_MESSAGES_PER_SIDE = 2 + CANDIDATES_PER_SIDE;

export class SimulatedParticipant {
  /** Peer id -> this side's call with it: `{ sessionId, role, peerSeq, received, done }`. */
  calls = new Map();
  joinSeq = 0;
  socket = null;
  heartbeat = null;
  /** The next knock at a busy or draining node. */
  retry = null;
  pingSeq = 0;

  constructor({ url, room, participantId, meter }) {
    Object.assign(this, { url, room, id: participantId, meter });
  }

  /** Connects and resolves once welcomed: 'joined', or the refusal's code ('join_timeout' when none came). */
  join() {
    const auth = joinRequest({ room: this.room, participantId: this.id });
    // forceNew: one connection per participant, as each browser tab has its own.
    const socket = io(this.url, { ...SDK_SOCKET_OPTIONS, auth, forceNew: true });
    this.socket = socket;
    socket.on('message', (message) => this.onMessage(message));
    socket.on('disconnect', (reason) => this.meter.disconnected(reason));
    socket.on('refused', (why) => this.meter.cutOff(why?.code ?? 'unknown'));
    socket.io.on('reconnect_attempt', () => this.meter.reconnectAttempt());
    // Network errors, which Socket.IO retries by itself (a refusal ends the join below).
    socket.on('connect_error', (error) => socket.active && this.meter.connectError(error.message));
    // A busy or draining node: knock again when it says, or about a second later, as the transport does.
    socket.on('connect_error', (error) => {
      if (error.data?.code !== 'service_unavailable' || (!this.heartbeat && error.data.retryAfterMs === undefined)) return;
      this.meter.paced();
      this.retry = setTimeout(() => socket.connect(), error.data.retryAfterMs ?? 500 + Math.random() * 1000);
    });
    socket.on('welcome', (welcome) => {
      // As the transport's remember(): later attempts carry the resume secret.
      if (welcome.resumeToken) socket.auth = { ...socket.auth, resumeToken: welcome.resumeToken };
      if (this.heartbeat) this.meter.welcomedAgain(this.id, socket.recovered);
      this.enterRoom(welcome.joinSeq, socket.recovered);
    });
    const startedAt = performance.now();
    return new Promise((resolve) => {
      const settle = (outcome) => {
        clearTimeout(timer);
        socket.off('welcome', onWelcome);
        socket.off('connect_error', onError);
        if (outcome !== 'joined') this.close();
        resolve(outcome);
      };
      const onWelcome = () => {
        this.meter.joined(performance.now() - startedAt);
        settle('joined');
      };
      // A refusal by the server (with its code) ends the join, as it ends the SDK's; a busy node's slot does not.
      const onError = (error) =>
        !socket.active && !(error.data?.code === 'service_unavailable' && error.data.retryAfterMs !== undefined) && settle(error.data?.code ?? error.message);
      const timer = setTimeout(() => settle('join_timeout'), JOIN_TIMEOUT_MS);
      socket.once('welcome', onWelcome);
      socket.on('connect_error', onError);
    });
  }

  /** On every welcome: a fresh session (not recovered) starts the room's mesh over, as the engine does. */
  enterRoom(joinSeq, recovered) {
    this.joinSeq = joinSeq;
    if (!this.heartbeat) this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_INTERVAL_MS);
    if (recovered) return;
    this.calls.clear();
    this.send(messages.join(this.id, joinSeq));
    this.send(messages.enumerate());
  }

  send(message) {
    const sentAt = performance.now();
    this.meter.sent();
    this.socket.timeout(ACK_TIMEOUT_MS).emit('message', envelope(message), (error, ack) => {
      if (error) this.meter.ackFailed('ack_timeout');
      else if (!ack?.ok) this.meter.ackFailed(ack?.code ?? 'no_ack');
      else this.meter.acked(performance.now() - sentAt);
    });
  }

  onMessage({ type, fromId, payload }) {
    if (type === 'JOIN') return this.onJoin(fromId, payload.joinSeq);
    if (type === 'ENUM') return this.send(messages.join(this.id, this.joinSeq, fromId));
    if (type === 'LEAVE') return void this.calls.delete(fromId);
    if (type === 'CALLING') {
      this.calls.set(fromId, { sessionId: payload.sessionId, role: 'callee', received: 0, done: false });
      this.meter.callStarted();
      this.received(fromId);
      return this.send(messages.answerCall(fromId, payload.sessionId));
    }
    const call = this.calls.get(fromId);
    if (!call || call.sessionId !== payload.sessionId) return; // stale or unknown session
    if (type === 'SOCKET_PING') return this.send(messages.pong(fromId, payload));
    if (type === 'SOCKET_PONG') return this.meter.pong(`${this.id}>${fromId}#${payload.seq}`);
    if (type === 'ANSWER_CALL' && call.role === 'caller') this.describe(fromId, call, 'offer');
    if (type === 'SIGNAL' && payload.description?.type === 'offer' && call.role === 'callee') this.describe(fromId, call, 'answer');
    if (type === 'ANSWER_CALL' || type === 'SIGNAL') this.received(fromId);
  }

  /** The later joiner calls: once per peer and join of that peer (a peer that joined afresh has a new seq). */
  onJoin(fromId, peerSeq) {
    if (!(peerSeq < this.joinSeq) || this.calls.get(fromId)?.peerSeq === peerSeq) return;
    const sessionId = randomUUID();
    this.calls.set(fromId, { sessionId, role: 'caller', peerSeq, received: 0, done: false });
    this.meter.callStarted();
    this.send(messages.calling(fromId, sessionId, this.id));
  }

  describe(toId, call, type) {
    this.send(messages.description(toId, call.sessionId, type));
    for (let n = 0; n < CANDIDATES_PER_SIDE; n++) this.send(messages.candidate(toId, call.sessionId, n));
  }

  received(fromId) {
    const call = this.calls.get(fromId);
    if (++call.received < SETUP_MESSAGES_PER_SIDE || call.done) return;
    call.done = true;
    this.meter.callSetUp();
  }

  /** A heartbeat to each peer whose call is set up on this side, while connected (the SDK's runs per call). */
  beat() {
    if (!this.socket?.connected || !this.meter.heartbeats) return;
    for (const [peer, call] of this.calls) {
      if (!call.done) continue;
      const seq = ++this.pingSeq;
      this.meter.pinged(`${this.id}>${peer}#${seq}`);
      this.send(messages.ping(peer, call.sessionId, seq));
    }
  }

  close() {
    clearInterval(this.heartbeat);
    clearTimeout(this.retry);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
  }
}
