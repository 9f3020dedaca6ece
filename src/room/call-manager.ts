import { v4 as uuidv4 } from 'uuid';
import { CallError } from '../errors.js';
import { disposeAll, Emitter, type Unsubscribe } from '../emitter.js';
import type { TrackKind } from '../media/device-kinds.js';
import { PeerSession, type PeerSignal, type PeerState } from '../peer/peer-session.js';
import type { EndReason, OutgoingMessage, SignalingMessage } from '../signaling/protocol.js';
import { CallLifecycle, type CallPhase, type CallRole, type LifecycleEffect, type LifecycleSignal } from './call-lifecycle.js';

/** One call with one remote participant, as the rest of the engine sees it. */
export interface Call {
  readonly remoteId: string;
  /** A new session id for every (re)start. */
  readonly sessionId: string;
  readonly role: CallRole;
  readonly phase: CallPhase;
  readonly peer: PeerSession | null;
  readonly remoteName: string;
}

/** A call and what carries it out: its lifecycle decides, this record holds the resources. */
class ManagedCall implements Call {
  peer: PeerSession | null = null;
  /** The promise of `CallManager.call()`, settled when the ring is answered or ends. */
  dial: { resolve: () => void; reject: (error: CallError) => void } | null = null;
  wake: ReturnType<typeof setTimeout> | null = null;
  wakeAt: number | null = null;
  subscriptions: Unsubscribe[] = [];

  constructor(
    readonly remoteId: string,
    readonly remoteName: string,
    readonly lifecycle: CallLifecycle,
  ) {}

  get sessionId(): string {
    return this.lifecycle.sessionId;
  }

  get role(): CallRole {
    return this.lifecycle.role;
  }

  get phase(): CallPhase {
    return this.lifecycle.phase;
  }
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
  /** The clock the calls' lifecycles read; `Date.now` unless a test brings its own. */
  now?: () => number;
}

type CallScoped = SignalingMessage<'ANSWER_CALL' | 'SIGNAL' | 'SOCKET_PING' | 'SOCKET_PONG' | 'RESTART_CALL' | 'END_CALL'>;

/**
 * Every call this participant is in, keyed by the remote participant: each call's lifecycle
 * decides ringing, answering, restarting and ending; this carries its decisions out. Each
 * call-scoped message is checked against the call's current session id, so a stale message
 * can never touch a newer call.
 */
export class CallManager {
  private readonly calls = new Map<string, ManagedCall>();
  private readonly emitter = new Emitter<Listeners>();
  private readonly now: () => number;

  constructor(private readonly context: CallManagerContext) {
    this.now = context.now ?? (() => Date.now());
  }

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
      return existing.phase === 'active' ? Promise.resolve() : Promise.reject(new CallError('invalid_state', `A call with ${remoteId} is already ringing.`));
    }
    return new Promise<void>((resolve, reject) => {
      const call = this.add(remoteId, remoteName, 'caller', uuidv4());
      call.dial = { resolve, reject };
      this.carryOut(call, call.lifecycle.start());
    });
  }

  accept(remoteId: string): void {
    this.apply(this.ringingIn(remoteId), { kind: 'accept' });
  }

  decline(remoteId: string): void {
    this.apply(this.ringingIn(remoteId), { kind: 'decline' });
  }

  /** Ends the call with one participant, telling them unless they already left. */
  hangUp(remoteId: string, reason: EndReason = 'hangup', notify = true): void {
    const call = this.calls.get(remoteId);
    if (call) this.apply(call, { kind: 'hang-up', reason, notify });
  }

  /**
   * Rebuilds a call with a new session id and a new peer connection. Only the caller does it;
   * the callee asks the caller with RESTART_CALL.
   */
  restart(remoteId: string): void {
    const call = this.calls.get(remoteId);
    if (call) this.apply(call, { kind: 'restart-wanted' });
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

  /** Puts a new local track (or none) on every call's connection, with no renegotiation. */
  async replaceTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    await Promise.all(this.all().map((call) => call.peer?.replaceTrack(kind, track)));
  }

  /** Closes every call without telling anyone (the room learns from LEAVE). */
  closeAll(): void {
    for (const call of [...this.calls.values()]) this.apply(call, { kind: 'hang-up', reason: 'left', notify: false });
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

  private ringingIn(remoteId: string): ManagedCall {
    const call = this.calls.get(remoteId);
    if (!call || call.phase !== 'ringing-in') throw new CallError('invalid_state', `There is no incoming call from ${remoteId}.`);
    return call;
  }

  private onCalling(message: SignalingMessage<'CALLING'>): void {
    const { fromId } = message;
    const { sessionId, name, video } = message.payload;
    const existing = this.calls.get(fromId);
    if (existing) {
      this.apply(existing, { kind: 'calling', sessionId });
      // A glare or a restart goes on as the same call; only a replaced ring makes way for a new one.
      if (this.calls.get(fromId) === existing) return;
    }
    const call = this.add(fromId, name, 'callee', sessionId);
    this.carryOut(call, call.lifecycle.start(), { participantId: fromId, name, video });
  }

  private onCallScoped(message: CallScoped): void {
    const call = this.calls.get(message.fromId);
    if (!call || call.sessionId !== message.payload.sessionId) return; // stale or unknown session
    switch (message.type) {
      case 'ANSWER_CALL':
        return this.apply(call, { kind: 'answered' });
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
        return this.apply(call, { kind: 'ended-by-peer', reason: message.payload.reason });
    }
  }

  private add(remoteId: string, remoteName: string, role: CallRole, sessionId: string): ManagedCall {
    const { autoAccept, ringTimeoutMs } = this.context;
    const call = new ManagedCall(remoteId, remoteName, new CallLifecycle({ role, sessionId, autoAccept, ringTimeoutMs, now: this.now }));
    this.calls.set(remoteId, call);
    return call;
  }

  private apply(call: ManagedCall, signal: LifecycleSignal): void {
    this.carryOut(call, call.lifecycle.feed(signal));
  }

  /** Carries out a lifecycle's effects in order; `incoming` describes the call a `ring-in` asks about. */
  private carryOut(call: ManagedCall, effects: LifecycleEffect[], incoming?: IncomingCallInfo): void {
    // Gone from the map before anyone hears of the end, so a listener sees the call over.
    if (call.phase === 'ended' && this.calls.get(call.remoteId) === call) this.calls.delete(call.remoteId);
    this.scheduleWake(call);
    for (const effect of effects) {
      switch (effect.kind) {
        case 'send-calling': {
          const { displayName, video } = this.context;
          this.context.send({ type: 'CALLING', toId: call.remoteId, payload: { sessionId: call.sessionId, name: displayName, video } });
          break;
        }
        case 'send-answer':
          this.context.send({ type: 'ANSWER_CALL', toId: call.remoteId, payload: { sessionId: call.sessionId } });
          break;
        case 'send-end':
          this.context.send({ type: 'END_CALL', toId: call.remoteId, payload: { sessionId: call.sessionId, reason: effect.reason } });
          break;
        case 'request-restart':
          this.context.send({ type: 'RESTART_CALL', toId: call.remoteId, payload: { sessionId: call.sessionId } });
          break;
        case 'prepare-rebuild': {
          const peer = call.peer;
          void this.context.freshenIce().then(() => {
            // Ended, or rebuilt by another restart, while the credentials were fetched.
            if (this.calls.get(call.remoteId) === call && call.peer === peer) this.apply(call, { kind: 'rebuild', sessionId: uuidv4() });
          });
          break;
        }
        case 'introduce': {
          // Build the mesh: the newcomer calls everyone this side is already talking to.
          const others = this.all()
            .filter((c) => c.phase === 'active' && c !== call)
            .map((c) => c.remoteId);
          if (others.length > 0) this.context.send({ type: 'MAKE_CALL', toId: call.remoteId, payload: { targets: others } });
          break;
        }
        case 'ring-in':
          if (incoming) this.emitter.emit('incoming-call', incoming);
          break;
        case 'ring-in-cancelled':
          this.emitter.emit('incoming-call-cancelled', call.remoteId);
          break;
        case 'start-peer':
          this.startPeer(call, effect.restart);
          break;
        case 'close-peer':
          this.closePeer(call);
          break;
        case 'answered':
          call.dial?.resolve();
          call.dial = null;
          break;
        case 'unanswered':
          call.dial?.reject(unansweredError(call.remoteId, effect.reason));
          call.dial = null;
          break;
        case 'ended':
          this.emitter.emit('call-ended', { participantId: call.remoteId, reason: effect.reason });
          break;
      }
    }
  }

  /** Keeps one timer per call for its lifecycle's next deadline (a ring running out). */
  private scheduleWake(call: ManagedCall): void {
    const at = call.lifecycle.wakeAt;
    if (at === call.wakeAt) return;
    if (call.wake) clearTimeout(call.wake);
    call.wake = null;
    call.wakeAt = at;
    if (at === null) return;
    call.wake = setTimeout(
      () => {
        call.wake = null;
        call.wakeAt = null;
        this.carryOut(call, call.lifecycle.tick());
      },
      Math.max(0, at - this.now()),
    );
  }

  private startPeer(call: ManagedCall, restart: boolean): void {
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

  private closePeer(call: ManagedCall): void {
    const peer = call.peer;
    if (!peer) return;
    call.peer = null;
    const stream = peer.remoteStream;
    disposeAll(call.subscriptions);
    peer.close();
    if (stream) this.emitter.emit('remote-stream-removed', call.remoteId, stream);
    this.emitter.emit('peer-state', call.remoteId, 'closed');
  }
}

/** Why `call()` failed: the ring ended before an answer. */
function unansweredError(remoteId: string, reason: EndReason): CallError {
  if (reason === 'declined') return new CallError('call_declined', `${remoteId} declined the call.`);
  if (reason === 'timeout') return new CallError('ring_timeout', `${remoteId} did not answer.`);
  return new CallError('invalid_state', `The call with ${remoteId} ended (${reason}).`);
}
