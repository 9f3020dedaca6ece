import { v4 as uuidv4 } from 'uuid';
import { CallError } from '../errors.js';
import { disposeAll, Emitter, type Unsubscribe } from '../emitter.js';
import type { TrackKind } from '../media/devices.js';
import { PeerSession, type PeerSignal, type PeerState } from '../peer/peer-session.js';
import type { EndReason, OutgoingMessage, SignalingMessage } from '../signaling/protocol.js';

export type CallRole = 'caller' | 'callee';
export type CallPhase = 'ringing-out' | 'ringing-in' | 'active';

/** One call with one remote participant; a new session id for every (re)start. */
export interface Call {
  readonly remoteId: string;
  sessionId: string;
  role: CallRole;
  phase: CallPhase;
  peer: PeerSession | null;
  remoteName: string;
  ringTimer: ReturnType<typeof setTimeout> | null;
  answered: { resolve: () => void; reject: (error: CallError) => void } | null;
  subscriptions: Unsubscribe[];
}

export interface IncomingCallInfo {
  participantId: string;
  name: string;
  video: boolean;
}

export interface CallEnded {
  participantId: string;
  reason: EndReason;
}

type Listeners = {
  'incoming-call': (info: IncomingCallInfo) => void;
  'incoming-call-cancelled': (participantId: string) => void;
  'call-ended': (ended: CallEnded) => void;
  'remote-stream-added': (participantId: string, stream: MediaStream) => void;
  'remote-stream-removed': (participantId: string, stream: MediaStream) => void;
  'peer-state': (participantId: string, state: PeerState) => void;
  /** A peer connection now carries the call: the first one, or a rebuilt one (`restart`). */
  'peer-started': (participantId: string, peer: PeerSession, restart: boolean) => void;
  /** The peer pinged or answered a ping for this session: signaling reaches it. */
  heartbeat: (participantId: string, sessionId: string) => void;
  /** The callee asked this side, the caller, to rebuild the call. */
  'restart-requested': (participantId: string) => void;
  error: (error: CallError) => void;
};

export interface CallManagerContext {
  send(message: OutgoingMessage): void;
  /** The ICE settings a new connection starts with: read each time, as credentials get refreshed. */
  rtcConfiguration(): RTCConfiguration;
  /** Fetches fresh TURN credentials if the current ones are getting old; resolves either way. */
  freshenIce(): Promise<void>;
  localStream: MediaStream | null;
  /** The kinds this side sends, each with a sender even while its device is missing. */
  sendKinds: readonly TrackKind[];
  displayName: string;
  video: boolean;
  ringTimeoutMs: number;
  /** Room mode answers every call; direct mode asks the person first. */
  autoAccept: boolean;
}

type CallScoped = SignalingMessage<'ANSWER_CALL' | 'SIGNAL' | 'SOCKET_PING' | 'SOCKET_PONG' | 'RESTART_CALL' | 'END_CALL'>;

/**
 * Every call this participant is in, keyed by the remote participant: ringing, answering,
 * negotiating, restarting and ending, with each call-scoped message checked against the
 * call's current session id so a stale message can never touch a newer call.
 */
export class CallManager {
  private readonly calls = new Map<string, Call>();
  private readonly emitter = new Emitter<Listeners>();

  constructor(private readonly context: CallManagerContext) {}

  on<E extends keyof Listeners>(event: E, listener: Listeners[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  get(remoteId: string): Call | undefined {
    return this.calls.get(remoteId);
  }

  all(): Call[] {
    return [...this.calls.values()];
  }

  /** Rings a participant; resolves when they answer. */
  call(remoteId: string, remoteName = ''): Promise<void> {
    const existing = this.calls.get(remoteId);
    if (existing) {
      return existing.phase === 'active'
        ? Promise.resolve()
        : Promise.reject(new CallError('invalid_state', `A call with ${remoteId} is already ringing.`));
    }
    return new Promise<void>((resolve, reject) => {
      const call = this.add(remoteId, uuidv4(), 'caller', 'ringing-out', remoteName);
      call.answered = { resolve, reject };
      this.ring(call);
    });
  }

  accept(remoteId: string): void {
    const call = this.calls.get(remoteId);
    if (!call || call.phase !== 'ringing-in') throw new CallError('invalid_state', `There is no incoming call from ${remoteId}.`);
    this.clearRing(call);
    call.phase = 'active';
    this.startPeer(call);
    this.context.send({ type: 'ANSWER_CALL', toId: remoteId, payload: { sessionId: call.sessionId } });
    // Build the mesh: the newcomer calls everyone this side is already talking to.
    const others = this.all().filter((c) => c.phase === 'active' && c.remoteId !== remoteId).map((c) => c.remoteId);
    if (others.length > 0) this.context.send({ type: 'MAKE_CALL', toId: remoteId, payload: { targets: others } });
  }

  decline(remoteId: string): void {
    const call = this.calls.get(remoteId);
    if (!call || call.phase !== 'ringing-in') throw new CallError('invalid_state', `There is no incoming call from ${remoteId}.`);
    this.end(call, 'declined', true);
  }

  /** Ends the call with one participant, telling them unless they already left. */
  hangUp(remoteId: string, reason: EndReason = 'hangup', notify = true): void {
    const call = this.calls.get(remoteId);
    if (call) this.end(call, reason, notify);
  }

  /**
   * Rebuilds a call with a new session id and a new peer connection. Only the caller does it;
   * the callee asks the caller with RESTART_CALL.
   */
  restart(remoteId: string): void {
    const call = this.calls.get(remoteId);
    if (!call || call.phase !== 'active') return;
    if (call.role !== 'caller') {
      this.context.send({ type: 'RESTART_CALL', toId: remoteId, payload: { sessionId: call.sessionId } });
      return;
    }
    const peer = call.peer;
    void this.context.freshenIce().then(() => {
      // Ended, or rebuilt by another restart, while the credentials were fetched.
      if (this.calls.get(remoteId) !== call || call.peer !== peer) return;
      this.closePeer(call);
      call.sessionId = uuidv4();
      this.sendCalling(call);
      // The callee accepted this call once and takes a restart without asking its person again.
      this.startPeer(call, true);
    });
  }

  /**
   * Restarts ICE on the call's current connection (caller only; the offer carries new ICE
   * credentials), with fresh TURN credentials applied to the connection first.
   */
  restartIce(remoteId: string): void {
    const call = this.calls.get(remoteId);
    const peer = call?.role === 'caller' ? call.peer : null;
    if (!peer) return;
    void this.context.freshenIce().then(() => {
      if (call!.peer === peer) void peer.restartIce();
    });
  }

  /** Gives every connection new ICE settings (refreshed TURN credentials) for its next gathering. */
  setRtcConfiguration(rtc: RTCConfiguration): void {
    for (const call of this.calls.values()) call.peer?.setConfiguration(rtc);
  }

  /** Pings the peer through signaling for the call's current session. */
  ping(remoteId: string, sessionId: string, seq: number): void {
    this.context.send({ type: 'SOCKET_PING', toId: remoteId, payload: { sessionId, seq } });
  }

  /** Closes every call without telling anyone (the room learns from LEAVE). */
  /** Puts a new local track (or none) on every call's connection, with no renegotiation. */
  async replaceTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    await Promise.all(this.all().map((call) => call.peer?.replaceTrack(kind, track)));
  }

  closeAll(): void {
    for (const call of this.all()) this.end(call, 'left', false);
  }

  handle(message: SignalingMessage): void {
    switch (message.type) {
      case 'CALLING':
        return this.onCalling(message);
      case 'MAKE_CALL':
        for (const target of message.payload.targets) {
          if (!this.calls.has(target)) this.call(target).catch((error) => this.emitter.emit('error', error));
        }
        return;
      case 'ANSWER_CALL':
      case 'SIGNAL':
      case 'SOCKET_PING':
      case 'SOCKET_PONG':
      case 'RESTART_CALL':
      case 'END_CALL':
        return this.onCallScoped(message);
      default:
        return;
    }
  }

  private onCalling(message: SignalingMessage<'CALLING'>): void {
    const { fromId } = message;
    const { sessionId, name, video } = message.payload;
    const existing = this.calls.get(fromId);
    if (existing?.sessionId === sessionId) return;
    if (existing?.phase === 'ringing-out') {
      // Both sides rang at once: the smaller session id wins on both sides, no message needed.
      if (existing.sessionId < sessionId) return;
      this.clearRing(existing);
      const answered = existing.answered;
      this.calls.delete(fromId);
      disposeAll(existing.subscriptions);
      const call = this.add(fromId, sessionId, 'callee', 'ringing-in', name);
      this.accept(call.remoteId);
      answered?.resolve();
      return;
    }
    if (existing?.phase === 'active') {
      // The caller rebuilt the call (a full restart): the same call goes on, with a new
      // session and a new peer connection, and no call-ended in between.
      this.closePeer(existing);
      existing.sessionId = sessionId;
      existing.role = 'callee';
      this.startPeer(existing, true);
      this.context.send({ type: 'ANSWER_CALL', toId: fromId, payload: { sessionId } });
      return;
    }
    if (existing) this.end(existing, 'replaced', false);
    const call = this.add(fromId, sessionId, 'callee', 'ringing-in', name);
    if (this.context.autoAccept) {
      this.accept(fromId);
      return;
    }
    // The caller times the ring; this timer only cleans up if the caller's END_CALL is lost.
    call.ringTimer = setTimeout(() => this.end(call, 'timeout', false), this.context.ringTimeoutMs + 5_000);
    this.emitter.emit('incoming-call', { participantId: fromId, name, video });
  }

  private onCallScoped(message: CallScoped): void {
    const call = this.calls.get(message.fromId);
    if (!call || call.sessionId !== message.payload.sessionId) return; // stale or unknown session
    switch (message.type) {
      case 'ANSWER_CALL':
        if (call.role === 'caller' && call.phase === 'ringing-out') this.activate(call);
        return;
      case 'SIGNAL': {
        const { description, candidate } = message.payload;
        const signal: PeerSignal | null = description ? { description } : candidate ? { candidate } : null;
        if (call.peer && signal) void call.peer.handleSignal(signal);
        return;
      }
      case 'SOCKET_PING':
        this.context.send({ type: 'SOCKET_PONG', toId: call.remoteId, payload: message.payload });
        this.emitter.emit('heartbeat', call.remoteId, call.sessionId);
        return;
      case 'SOCKET_PONG':
        this.emitter.emit('heartbeat', call.remoteId, call.sessionId);
        return;
      case 'RESTART_CALL':
        // The recovery ladder decides whether and when, so a burst of requests restarts once.
        if (call.role === 'caller') this.emitter.emit('restart-requested', call.remoteId);
        return;
      case 'END_CALL':
        this.end(call, message.payload.reason, false);
        return;
    }
  }

  private add(remoteId: string, sessionId: string, role: CallRole, phase: CallPhase, remoteName: string): Call {
    const call: Call = { remoteId, sessionId, role, phase, peer: null, remoteName, ringTimer: null, answered: null, subscriptions: [] };
    this.calls.set(remoteId, call);
    return call;
  }

  private sendCalling(call: Call): void {
    const { displayName, video } = this.context;
    this.context.send({ type: 'CALLING', toId: call.remoteId, payload: { sessionId: call.sessionId, name: displayName, video } });
  }

  private ring(call: Call): void {
    const { ringTimeoutMs, autoAccept } = this.context;
    this.sendCalling(call);
    // In room mode the callee accepts at once and the server keeps each sender's messages in
    // order, so the offer can follow CALLING without waiting a round trip for ANSWER_CALL.
    if (autoAccept) this.activate(call);
    else call.ringTimer = setTimeout(() => this.end(call, 'timeout', true), ringTimeoutMs);
  }

  private activate(call: Call): void {
    this.clearRing(call);
    call.phase = 'active';
    this.startPeer(call);
    call.answered?.resolve();
    call.answered = null;
  }

  private clearRing(call: Call): void {
    if (call.ringTimer) clearTimeout(call.ringTimer);
    call.ringTimer = null;
  }

  private startPeer(call: Call, restart = false): void {
    const { remoteId, sessionId } = call;
    const peer = new PeerSession({
      remoteId,
      polite: call.role === 'callee',
      rtcConfiguration: this.context.rtcConfiguration(),
      localStream: this.context.localStream,
      sendKinds: this.context.sendKinds,
      offerOnStart: call.role === 'caller',
      sendSignal: (signal) => this.context.send({ type: 'SIGNAL', toId: remoteId, payload: { sessionId, ...signal } }),
    });
    call.peer = peer;
    call.subscriptions.push(
      peer.on('state', (state) => this.emitter.emit('peer-state', remoteId, state)),
      peer.on('remote-stream', (stream) => this.emitter.emit('remote-stream-added', remoteId, stream)),
      peer.on('error', (error) => this.emitter.emit('error', error)),
    );
    this.emitter.emit('peer-started', remoteId, peer, restart);
  }

  private closePeer(call: Call): void {
    const peer = call.peer;
    if (!peer) return;
    call.peer = null;
    const stream = peer.remoteStream;
    disposeAll(call.subscriptions);
    peer.close();
    if (stream) this.emitter.emit('remote-stream-removed', call.remoteId, stream);
    this.emitter.emit('peer-state', call.remoteId, 'closed');
  }

  private end(call: Call, reason: EndReason, notify: boolean): void {
    if (this.calls.get(call.remoteId) !== call) return;
    this.calls.delete(call.remoteId);
    this.clearRing(call);
    if (notify) this.context.send({ type: 'END_CALL', toId: call.remoteId, payload: { sessionId: call.sessionId, reason } });
    if (call.phase === 'ringing-in') this.emitter.emit('incoming-call-cancelled', call.remoteId);
    if (call.answered) {
      const code = reason === 'declined' ? 'call_declined' : reason === 'timeout' ? 'ring_timeout' : 'invalid_state';
      call.answered.reject(new CallError(code, code === 'call_declined' ? `${call.remoteId} declined the call.` : code === 'ring_timeout' ? `${call.remoteId} did not answer.` : `The call with ${call.remoteId} ended (${reason}).`));
      call.answered = null;
    }
    this.closePeer(call);
    this.emitter.emit('call-ended', { participantId: call.remoteId, reason });
  }
}
