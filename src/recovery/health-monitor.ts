import type { PeerSession } from '../peer/peer-session.js';
import type { RecoveryPolicy } from './policy.js';
import { QualityMeter, buildQualityReport } from './quality.js';
import { RecoveryLadder, type LadderEffect, type LadderSignal } from './recovery-ladder.js';
import { compareSamples, readStatsSample, type StatsSample } from './stats-sample.js';
import type { NetworkLoss, QualityReport } from './types.js';

export interface HealthMonitorOptions {
  remoteId: string;
  role: 'caller' | 'callee';
  policy: RecoveryPolicy;
  /** The call's current session id: heartbeats carry it, and only answers for it count. */
  sessionId: () => string;
  /** Sends one heartbeat through signaling. */
  ping: (sessionId: string, seq: number) => void;
  /** Whether this side's own network is up right now (checked before each heartbeat). */
  networkUp: () => boolean;
  onEffects: (effects: LadderEffect[]) => void;
  onQuality: (report: QualityReport) => void;
  now?: () => number;
}

/**
 * Watches one call: samples `getStats()` for bytes and quality, pings the peer through
 * signaling, follows the connection state, and feeds all of it to the call's recovery ladder.
 * It only observes and reports; acting on the ladder's effects is its owner's job.
 */
export class HealthMonitor {
  readonly ladder: RecoveryLadder;
  private readonly options: HealthMonitorOptions;
  private readonly now: () => number;
  private readonly quality = new QualityMeter();
  private peer: PeerSession | null = null;
  private unsubscribePeer: (() => void) | null = null;
  private lastSample: StatsSample | null = null;
  /** The peer whose getStats() is awaited, if any: one sample at a time per connection. */
  private samplingPeer: PeerSession | null = null;
  private seq = 0;
  /** Heartbeats sent since the peer last answered. */
  private unanswered = 0;
  private peerUnreachable = false;
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private stopped = false;

  constructor(options: HealthMonitorOptions) {
    this.options = options;
    this.now = options.now ?? (() => Date.now());
    this.ladder = new RecoveryLadder({ role: options.role, policy: options.policy, now: this.now });
    this.timers.push(
      setInterval(() => void this.sample(), options.policy.statsIntervalMs),
      setInterval(() => this.heartbeat(), options.policy.heartbeatIntervalMs),
    );
  }

  /** A peer connection (the first, or a rebuilt one) now carries this call. */
  watch(peer: PeerSession, restart: boolean): void {
    this.unsubscribePeer?.();
    this.peer = peer;
    this.lastSample = null;
    this.feed({ kind: 'peer-started', restart });
    this.unsubscribePeer = peer.on('state', (state) => this.feed({ kind: 'connection', state }));
  }

  /** The peer spoke for the current session (a ping or a pong): signaling reaches it. */
  heard(sessionId: string): void {
    if (sessionId !== this.options.sessionId()) return;
    this.unanswered = 0;
    if (!this.peerUnreachable) return;
    this.peerUnreachable = false;
    this.feed({ kind: 'heartbeat', reachable: true });
  }

  network(up: boolean, reason: NetworkLoss): void {
    // Heartbeats that could not leave this side say nothing about the peer.
    if (!up) this.unanswered = 0;
    this.feed({ kind: 'network', up, reason });
    if (up) this.heartbeat();
  }

  /** The callee asked for a full restart. */
  restartRequested(): void {
    this.feed({ kind: 'restart-requested' });
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.forEach(clearInterval);
    this.unsubscribePeer?.();
    this.peer = null;
  }

  private feed(signal: LadderSignal): void {
    if (this.stopped) return;
    const effects = this.ladder.feed(signal);
    if (effects.length > 0) this.options.onEffects(effects);
  }

  private heartbeat(): void {
    if (this.stopped || !this.options.networkUp()) return;
    if (this.unanswered >= this.options.policy.heartbeatMissLimit && !this.peerUnreachable) {
      this.peerUnreachable = true;
      this.feed({ kind: 'heartbeat', reachable: false });
    }
    this.unanswered++;
    this.options.ping(this.options.sessionId(), ++this.seq);
  }

  private async sample(): Promise<void> {
    const peer = this.peer;
    if (this.stopped || this.samplingPeer === peer || !peer || peer.state === 'closed') {
      this.tick();
      return;
    }
    this.samplingPeer = peer;
    try {
      const report = await statsWithin(peer.pc, this.options.policy.statsIntervalMs * STATS_WAIT_INTERVALS);
      if (this.stopped || peer !== this.peer) return;
      const sample = readStatsSample(report, this.now());
      const previous = this.lastSample;
      this.lastSample = sample;
      if (!previous) return this.tick();
      const reading = compareSamples(previous, sample);
      this.feed({ kind: 'media', alive: reading.alive });
      const level = this.quality.update(reading);
      this.options.onQuality(buildQualityReport(this.options.remoteId, reading, level));
    } catch {
      // A connection closed under our feet: the next sample sees the new one.
      this.tick();
    } finally {
      // A connection rebuilt meanwhile is sampled on its own: an old one's late answer frees nothing.
      if (this.samplingPeer === peer) this.samplingPeer = null;
    }
  }

  private tick(): void {
    if (this.stopped) return;
    const effects = this.ladder.tick();
    if (effects.length > 0) this.options.onEffects(effects);
  }
}

/** How many stats intervals a getStats() may take before the sample counts as failed. */
const STATS_WAIT_INTERVALS = 3;

/**
 * The connection's stats, or a rejection after `ms`: Firefox may never settle the getStats() of a
 * connection closed or rebuilt while it ran, and one sample that never ends must not stop the
 * monitor from sampling again (its ladder would wait for media it can no longer see).
 */
function statsWithin(pc: RTCPeerConnection, ms: number): Promise<RTCStatsReport> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('getStats() took too long')), ms)));
  return Promise.race([pc.getStats(), late]).finally(() => clearTimeout(timer));
}
