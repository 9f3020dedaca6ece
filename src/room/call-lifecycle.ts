import type { EndReason } from '../signaling/protocol.js';

export type CallRole = 'caller' | 'callee';
/** Where one call stands in its lifecycle (the engine's own progress is its `RoomStage`). */
export type CallPhase = 'ringing-out' | 'ringing-in' | 'active' | 'ended';

/** What can happen to one call: the person's choices, the peer's messages, and recovery. */
export type LifecycleSignal =
  /** The person took the incoming call. */
  | { kind: 'accept' }
  /** The person turned the incoming call down. */
  | { kind: 'decline' }
  /** This side ends the call, telling the peer unless it is known to be gone already. */
  | { kind: 'hang-up'; reason: EndReason; notify: boolean }
  /** The peer's CALLING for this call: a glare, a full restart, or a new ring replacing this one. */
  | { kind: 'calling'; sessionId: string }
  /** The peer's ANSWER_CALL for the current session. */
  | { kind: 'answered' }
  /** The peer's END_CALL for the current session. */
  | { kind: 'ended-by-peer'; reason: EndReason }
  /** Recovery wants the call rebuilt on a new peer connection. */
  | { kind: 'restart-wanted' }
  /** The caller rebuilds now (its ICE credentials are fresh), under this new session id. */
  | { kind: 'rebuild'; sessionId: string };

/** What the lifecycle asks its owner to do, in order. */
export type LifecycleEffect =
  | { kind: 'send-calling' }
  | { kind: 'send-answer' }
  | { kind: 'send-end'; reason: EndReason }
  /** Callee: ask the caller to rebuild the call (RESTART_CALL); only the caller restarts. */
  | { kind: 'request-restart' }
  /** Caller: freshen the ICE credentials, then feed `rebuild` with a new session id. */
  | { kind: 'prepare-rebuild' }
  /** Ask the person whether to take the call. */
  | { kind: 'ring-in' }
  /** The question asked with `ring-in` is void: the call ended before an answer. */
  | { kind: 'ring-in-cancelled' }
  | { kind: 'start-peer'; restart: boolean }
  | { kind: 'close-peer' }
  /** Just answered as the callee: tell the caller who else is in this mesh (MAKE_CALL). */
  | { kind: 'introduce' }
  /** This side's ring was answered. */
  | { kind: 'answered' }
  /** This side's ring ended without an answer, and why. */
  | { kind: 'unanswered'; reason: EndReason }
  | { kind: 'ended'; reason: EndReason };

export interface LifecycleOptions {
  role: CallRole;
  sessionId: string;
  /** Room mode answers every call; direct mode asks the person first. */
  autoAccept: boolean;
  /** How long this side's ring lasts before it gives up. */
  ringTimeoutMs: number;
  /** The clock, injected so every transition can be tested without waiting. */
  now: () => number;
}

/**
 * The caller times the ring; the callee's own deadline only cleans up when the caller's END_CALL
 * is lost, so it runs this much longer.
 */
export const INCOMING_RING_GRACE_MS = 5_000;

/**
 * The phases of one call with one remote participant, a pure state machine:
 * ringing-out or ringing-in -> active -> ended, with glare, full restarts and ring timeouts.
 *
 * Fed signals and clock ticks, it returns effects; it owns no timers and touches no browser
 * API. Its owner checks each message's session id against `sessionId` before feeding it, and
 * asks for a `tick()` at `wakeAt`.
 */
export class CallLifecycle {
  private currentPhase: CallPhase;
  private currentRole: CallRole;
  private currentSession: string;
  private deadline: number | null = null;

  constructor(private readonly options: LifecycleOptions) {
    this.currentRole = options.role;
    this.currentSession = options.sessionId;
    this.currentPhase = options.role === 'caller' ? 'ringing-out' : 'ringing-in';
  }

  get phase(): CallPhase {
    return this.currentPhase;
  }

  get role(): CallRole {
    return this.currentRole;
  }

  get sessionId(): string {
    return this.currentSession;
  }

  /** When `tick()` is next due (a ring running out), or null. */
  get wakeAt(): number | null {
    return this.deadline;
  }

  /** The first effects of a new call: ring, or answer at once in room mode. */
  start(): LifecycleEffect[] {
    const { autoAccept, ringTimeoutMs } = this.options;
    const now = this.options.now();
    if (this.currentRole === 'caller') {
      // In room mode the callee accepts at once and the server keeps each sender's messages in
      // order, so the offer can follow CALLING without waiting a round trip for ANSWER_CALL.
      if (autoAccept) return [{ kind: 'send-calling' }, ...this.activate()];
      this.deadline = now + ringTimeoutMs;
      return [{ kind: 'send-calling' }];
    }
    if (autoAccept) return this.answer();
    this.deadline = now + ringTimeoutMs + INCOMING_RING_GRACE_MS;
    return [{ kind: 'ring-in' }];
  }

  feed(signal: LifecycleSignal): LifecycleEffect[] {
    if (this.currentPhase === 'ended') return [];
    const phase = this.currentPhase;
    switch (signal.kind) {
      case 'accept':
        return phase === 'ringing-in' ? this.answer() : [];
      case 'decline':
        return phase === 'ringing-in' ? this.end('declined', true) : [];
      case 'hang-up':
        return this.end(signal.reason, signal.notify);
      case 'ended-by-peer':
        return this.end(signal.reason, false);
      case 'answered':
        return this.currentRole === 'caller' && phase === 'ringing-out' ? this.activate() : [];
      case 'calling':
        return this.calling(signal.sessionId);
      case 'restart-wanted':
        if (phase !== 'active') return [];
        return this.currentRole === 'caller' ? [{ kind: 'prepare-rebuild' }] : [{ kind: 'request-restart' }];
      case 'rebuild':
        if (phase !== 'active' || this.currentRole !== 'caller') return [];
        this.currentSession = signal.sessionId;
        // The callee accepted this call once and takes a restart without asking its person again.
        return [{ kind: 'close-peer' }, { kind: 'send-calling' }, { kind: 'start-peer', restart: true }];
    }
  }

  /** Lets time pass: a ring that ran out ends the call. */
  tick(): LifecycleEffect[] {
    if (this.deadline === null || this.options.now() < this.deadline) return [];
    if (this.currentPhase === 'ringing-out') return this.end('timeout', true);
    if (this.currentPhase === 'ringing-in') return this.end('timeout', false);
    return [];
  }

  private calling(sessionId: string): LifecycleEffect[] {
    if (sessionId === this.currentSession) return [];
    switch (this.currentPhase) {
      case 'ringing-out': {
        // Both sides rang at once: the smaller session id wins on both sides, no message needed.
        if (this.currentSession < sessionId) return [];
        this.currentRole = 'callee';
        this.currentSession = sessionId;
        return [...this.answer(), { kind: 'answered' }];
      }
      case 'active':
        // The caller rebuilt the call (a full restart): the same call goes on, with a new
        // session and a new peer connection, and no call-ended in between.
        this.currentRole = 'callee';
        this.currentSession = sessionId;
        return [{ kind: 'close-peer' }, { kind: 'start-peer', restart: true }, { kind: 'send-answer' }];
      default:
        // A new ring from the same participant replaces the one still unanswered.
        return this.end('replaced', false);
    }
  }

  /** The caller's ring was answered. */
  private activate(): LifecycleEffect[] {
    this.currentPhase = 'active';
    this.deadline = null;
    return [{ kind: 'start-peer', restart: false }, { kind: 'answered' }];
  }

  /** The callee takes the call. */
  private answer(): LifecycleEffect[] {
    this.currentPhase = 'active';
    this.deadline = null;
    return [{ kind: 'start-peer', restart: false }, { kind: 'send-answer' }, { kind: 'introduce' }];
  }

  private end(reason: EndReason, notify: boolean): LifecycleEffect[] {
    const phase = this.currentPhase;
    this.currentPhase = 'ended';
    this.deadline = null;
    const effects: LifecycleEffect[] = [];
    if (notify) effects.push({ kind: 'send-end', reason });
    if (phase === 'ringing-in') effects.push({ kind: 'ring-in-cancelled' });
    if (phase === 'ringing-out') effects.push({ kind: 'unanswered', reason });
    effects.push({ kind: 'close-peer' }, { kind: 'ended', reason });
    return effects;
  }
}
