import type { PeerState } from '../peer/peer-session.js';
import type { RecoveryPolicy } from './policy.js';
import type { NetworkLoss, RecoveryReason, RecoveryStep } from './types.js';

/** What the health monitor tells the ladder about one call. */
export type LadderSignal =
  /** One stats sample: whether bytes arrived from the far end since the last one. */
  | { kind: 'media'; alive: boolean }
  /** The peer connection's `connectionState` changed. */
  | { kind: 'connection'; state: PeerState }
  /** The peer answered a heartbeat (true), or missed the limit (false). */
  | { kind: 'heartbeat'; reachable: boolean }
  /** This side's own network: the signaling transport and `navigator.onLine`. */
  | { kind: 'network'; up: boolean; reason?: NetworkLoss }
  /**
   * A new peer connection began: silence is forgiven while it warms up. `restart` when it
   * replaces one in trouble (a full restart, which the callee learns of only this way).
   */
  | { kind: 'peer-started'; restart?: boolean }
  /** The callee asked the caller to rebuild the call (RESTART_CALL). */
  | { kind: 'restart-requested' };

/** What the ladder asks its owner to do, and the steps it announces. */
export type LadderEffect =
  | { kind: 'step'; step: RecoveryStep; reason: RecoveryReason; elapsedMs: number; giveUpInMs?: number }
  | { kind: 'restart-ice' }
  | { kind: 'full-restart' }
  /** Callee only: ask the caller for a full restart. */
  | { kind: 'request-restart' }
  | { kind: 'end'; reason: 'network-lost' | 'peer-lost' | 'media-unrecoverable' };

export interface LadderOptions {
  role: 'caller' | 'callee';
  policy: RecoveryPolicy;
  /** The clock, injected so every transition can be tested without waiting. */
  now: () => number;
}

const RESTARTING: ReadonlySet<RecoveryStep> = new Set(['ice-restart', 'full-restart']);

/**
 * The recovery ladder of one call, a pure state machine:
 * healthy -> suspect -> degraded -> ice-restart -> full-restart -> waiting-for-network -> ended.
 *
 * Fed signals and clock ticks, it returns effects; it owns no timers and touches no browser API.
 * Only the caller restarts. "Time in trouble" starts with the first bad signal and starts again
 * whenever a signal recovers (network back, peer reachable again, connection back to
 * `connected`), so a call that bounced through a short outage is judged from where it stands.
 */
export class RecoveryLadder {
  private currentStep: RecoveryStep = 'healthy';
  private currentReason: RecoveryReason = 'recovered';
  private connection: PeerState = 'new';
  private badSamples = 0;
  private mediaSeen = false;
  private warmingSince: number | null = null;
  private peerReachable = true;
  private networkUp = true;
  private networkReason: NetworkLoss = 'signaling-lost';
  private troubleSince: number | null = null;
  private waitingSince: number | null = null;
  private lastIceRestartAt: number | null = null;
  private lastFullRestartAt: number | null = null;
  /** Set when a path comes back while waiting: the caller restarts ICE at once. */
  private restartIceNow = false;

  constructor(private readonly options: LadderOptions) {}

  get step(): RecoveryStep {
    return this.currentStep;
  }

  get reason(): RecoveryReason {
    return this.currentReason;
  }

  feed(signal: LadderSignal): LadderEffect[] {
    if (this.currentStep === 'ended') return [];
    const now = this.options.now();
    switch (signal.kind) {
      case 'media':
        if (signal.alive) {
          this.mediaSeen = true;
          this.warmingSince = null;
          this.badSamples = 0;
        } else if (!this.warming(now)) {
          this.badSamples++;
        }
        break;
      case 'connection':
        if (signal.state === 'connected' && this.connection !== 'connected') this.restartClock(now);
        this.connection = signal.state;
        break;
      case 'heartbeat':
        if (signal.reachable && !this.peerReachable) return this.recovered(now, () => (this.peerReachable = true));
        this.peerReachable = signal.reachable;
        break;
      case 'network':
        if (signal.reason) this.networkReason = signal.reason;
        if (signal.up && !this.networkUp) return this.recovered(now, () => (this.networkUp = true));
        this.networkUp = signal.up;
        break;
      case 'peer-started': {
        const inTrouble = this.currentStep !== 'healthy' && this.currentStep !== 'suspect';
        this.warmingSince = now;
        this.mediaSeen = false;
        this.badSamples = 0;
        this.connection = 'new';
        this.restartIceNow = false;
        // Held until the new connection carries media, so "recovered" is never said too early.
        if (signal.restart && inTrouble && this.currentStep !== 'full-restart') {
          this.troubleSince = null;
          return this.moveTo('full-restart', this.currentReason, now);
        }
        break;
      }
      case 'restart-requested':
        if (this.options.role !== 'caller') break;
        if (this.currentStep !== 'full-restart' || !this.warming(now)) {
          // The callee asks only after long trouble, which this side may not even see (a
          // one-way failure): trust it, but rebuild at most once an interval.
          const last = this.lastFullRestartAt;
          if (last !== null && now - last < this.options.policy.iceRestartIntervalMs) return [];
          this.troubleSince ??= now;
          this.lastFullRestartAt = now;
          this.lastIceRestartAt = now;
          return [...this.moveTo('full-restart', 'restart-requested', now, undefined, true), { kind: 'full-restart' }];
        }
        break;
    }
    return this.evaluate(now);
  }

  /** Lets time pass: restarts and give-ups are due at moments, not only on signals. */
  tick(): LadderEffect[] {
    if (this.currentStep === 'ended') return [];
    return this.evaluate(this.options.now());
  }

  /**
   * A path came back while the call was in trouble: the clock starts again and, if the media
   * is still down, the caller restarts ICE at once instead of waiting for the next interval;
   * the network being back is exactly when a restart can work.
   */
  private recovered(now: number, apply: () => void): LadderEffect[] {
    const wasWaiting = this.currentStep === 'waiting-for-network';
    apply();
    this.restartClock(now);
    this.restartIceNow = wasWaiting && this.canSignal();
    return this.evaluate(now);
  }

  private restartClock(now: number): void {
    if (this.troubleSince !== null) this.troubleSince = now;
    this.waitingSince = null;
  }

  private warming(now: number): boolean {
    return this.warmingSince !== null && !this.mediaSeen && now - this.warmingSince < this.options.policy.warmupMs;
  }

  private mediaBad(now: number): boolean {
    if (this.connection === 'failed') return true;
    if (this.warming(now)) return false;
    if (this.warmingSince !== null && !this.mediaSeen) return true; // warm-up ran out in silence
    return this.badSamples > 0 || this.connection === 'disconnected';
  }

  private canSignal(): boolean {
    return this.networkUp && this.peerReachable;
  }

  private evaluate(now: number): LadderEffect[] {
    const policy = this.options.policy;
    if (!this.mediaBad(now)) {
      this.troubleSince = null;
      this.waitingSince = null;
      this.restartIceNow = false;
      // A rebuilt connection that is still warming up is not yet a recovered call.
      if (this.currentStep === 'full-restart' && !this.mediaSeen) return [];
      return this.moveTo('healthy', 'recovered', now);
    }
    this.troubleSince ??= now;
    const elapsed = now - this.troubleSince;

    if (!this.canSignal()) {
      // Restarting needs signaling; with this side offline or the peer unreachable, wait.
      this.waitingSince ??= now;
      const ownNetwork = !this.networkUp;
      const limit = ownNetwork ? policy.networkGiveUpMs : this.giveUpLimit();
      const since = ownNetwork ? this.waitingSince : this.troubleSince;
      const giveUpInMs = Math.max(0, since + limit - now);
      if (giveUpInMs === 0) return this.end(ownNetwork ? 'network-lost' : 'peer-lost', now);
      const reason = ownNetwork ? this.networkReason : 'peer-unreachable';
      return this.moveTo('waiting-for-network', reason, now, giveUpInMs);
    }
    this.waitingSince = null;
    const giveUpInMs = Math.max(0, this.troubleSince + this.giveUpLimit() - now);
    if (giveUpInMs === 0) return this.end('media-unrecoverable', now);

    const silentWarmup = this.warmingSince !== null && !this.mediaSeen;
    const degraded = this.badSamples >= policy.degradedAfterSamples || this.connection === 'failed' || this.connection === 'disconnected' || silentWarmup;
    const reason: RecoveryReason =
      this.connection === 'failed' ? 'connection-failed' : this.connection === 'disconnected' ? 'connection-disconnected' : 'media-stalled';
    // Once the call is in real trouble it stays there until media flows: a restart that moves
    // the connection back to `connecting` is no reason to step down to a mere suspicion.
    const inTrouble = this.currentStep !== 'healthy' && this.currentStep !== 'suspect';
    if (!degraded && !inTrouble) return this.moveTo('suspect', reason, now, giveUpInMs);
    return this.options.role === 'caller' ? this.escalate(now, elapsed, reason, giveUpInMs) : this.follow(now, elapsed, reason, giveUpInMs);
  }

  /** The caller climbs: ICE restarts at an interval, then full restarts. */
  private escalate(now: number, elapsed: number, reason: RecoveryReason, giveUpInMs: number): LadderEffect[] {
    const policy = this.options.policy;
    const due = (last: number | null, interval: number) => last === null || now - last >= interval;
    if (elapsed >= policy.fullRestartAfterMs && due(this.lastFullRestartAt, policy.fullRestartIntervalMs)) {
      this.lastFullRestartAt = now;
      this.lastIceRestartAt = now;
      return [...this.moveTo('full-restart', reason, now, giveUpInMs, true), { kind: 'full-restart' }];
    }
    // Give a rebuilt connection its warm-up before restarting its ICE.
    if (this.currentStep === 'full-restart' && this.warming(now)) return [];
    if (this.restartIceNow || (elapsed >= policy.iceRestartAfterMs && due(this.lastIceRestartAt, policy.iceRestartIntervalMs))) {
      this.restartIceNow = false;
      this.lastIceRestartAt = now;
      return [...this.moveTo('ice-restart', reason, now, giveUpInMs, true), { kind: 'restart-ice' }];
    }
    if (RESTARTING.has(this.currentStep)) return [];
    return this.moveTo('degraded', reason, now, giveUpInMs);
  }

  /** The callee waits for the caller's restarts, asking for a full one if none comes. */
  private follow(now: number, elapsed: number, reason: RecoveryReason, giveUpInMs: number): LadderEffect[] {
    const policy = this.options.policy;
    const asked = this.lastFullRestartAt;
    if (elapsed >= policy.fullRestartAfterMs && (asked === null || now - asked >= policy.fullRestartIntervalMs)) {
      this.lastFullRestartAt = now;
      return [...this.moveTo('degraded', reason, now, giveUpInMs), { kind: 'request-restart' }];
    }
    if (this.currentStep === 'full-restart' && this.warming(now)) return [];
    return this.moveTo('degraded', reason, now, giveUpInMs);
  }

  private giveUpLimit(): number {
    return this.options.role === 'caller' ? this.options.policy.giveUpMs : this.options.policy.calleeGiveUpMs;
  }

  private end(reason: 'network-lost' | 'peer-lost' | 'media-unrecoverable', now: number): LadderEffect[] {
    return [...this.moveTo('ended', reason, now, 0, true), { kind: 'end', reason }];
  }

  /** Announces a step when it or its reason changes (or always, for a repeated restart). */
  private moveTo(step: RecoveryStep, reason: RecoveryReason, now: number, giveUpInMs?: number, always = false): LadderEffect[] {
    if (!always && step === this.currentStep && reason === this.currentReason) return [];
    this.currentStep = step;
    this.currentReason = reason;
    const elapsedMs = this.troubleSince === null ? 0 : now - this.troubleSince;
    return [giveUpInMs === undefined ? { kind: 'step', step, reason, elapsedMs } : { kind: 'step', step, reason, elapsedMs, giveUpInMs }];
  }
}
