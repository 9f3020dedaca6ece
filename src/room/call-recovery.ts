import { disposeAll, Emitter, type Unsubscribe } from '../emitter.js';
import { HealthMonitor } from '../recovery/health-monitor.js';
import type { RecoveryPolicy } from '../recovery/policy.js';
import type { LadderEffect } from '../recovery/recovery-ladder.js';
import type { NetworkLoss, QualityReport, RecoveryEvent, RecoveryStep } from '../recovery/types.js';
import type { CallManager } from './call-manager.js';

type Listeners = {
  recovery: (event: RecoveryEvent) => void;
  quality: (report: QualityReport) => void;
  /** This side has had no network for the policy's give-up time: the engine must end. */
  'network-lost': (event: RecoveryEvent) => void;
};

/**
 * One health monitor per call, and the hands that carry out what each call's ladder decides:
 * ICE restarts, full restarts, restart requests, and ending a call the network has lost.
 */
export class CallRecovery {
  private readonly monitors = new Map<string, HealthMonitor>();
  private readonly emitter = new Emitter<Listeners>();
  private readonly subscriptions: Unsubscribe[];
  private networkUp = true;
  private networkLoss: NetworkLoss = 'signaling-lost';

  constructor(
    private readonly calls: CallManager,
    private readonly policy: RecoveryPolicy,
  ) {
    this.subscriptions = [
      calls.on('peer-started', (id, peer, restart) => this.monitorFor(id)?.watch(peer, restart)),
      calls.on('heartbeat', (id, sessionId) => this.monitors.get(id)?.heard(sessionId)),
      calls.on('restart-requested', (id) => this.monitors.get(id)?.restartRequested()),
      calls.on('call-ended', ({ participantId }) => this.forget(participantId)),
    ];
  }

  on<E extends keyof Listeners>(event: E, listener: Listeners[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  /** Where the call with this participant stands on the ladder. */
  step(participantId: string): RecoveryStep {
    return this.monitors.get(participantId)?.ladder.step ?? 'healthy';
  }

  /** This side's network: the signaling transport and the browser's online flag together. */
  setNetwork(up: boolean, loss: NetworkLoss = 'signaling-lost'): void {
    if (up === this.networkUp && (up || loss === this.networkLoss)) return;
    this.networkUp = up;
    this.networkLoss = loss;
    for (const monitor of this.monitors.values()) monitor.network(up, loss);
  }

  dispose(): void {
    disposeAll(this.subscriptions);
    for (const id of [...this.monitors.keys()]) this.forget(id);
    this.emitter.clear();
  }

  private monitorFor(remoteId: string): HealthMonitor | null {
    const existing = this.monitors.get(remoteId);
    if (existing) return existing;
    const call = this.calls.get(remoteId);
    if (!call) return null;
    const monitor = new HealthMonitor({
      remoteId,
      role: call.role,
      policy: this.policy,
      sessionId: () => this.calls.get(remoteId)?.sessionId ?? '',
      ping: (sessionId, seq) => this.calls.ping(remoteId, sessionId, seq),
      networkUp: () => this.networkUp,
      onEffects: (effects) => this.apply(remoteId, effects),
      onQuality: (report) => this.emitter.emit('quality', report),
    });
    this.monitors.set(remoteId, monitor);
    if (!this.networkUp) monitor.network(false, this.networkLoss);
    return monitor;
  }

  private forget(remoteId: string): void {
    this.monitors.get(remoteId)?.stop();
    this.monitors.delete(remoteId);
  }

  private apply(remoteId: string, effects: LadderEffect[]): void {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'step': {
          const { step, reason, elapsedMs, giveUpInMs } = effect;
          const event: RecoveryEvent = { participantId: remoteId, step, reason, elapsedMs };
          if (giveUpInMs !== undefined) event.giveUpInMs = giveUpInMs;
          this.emitter.emit('recovery', event);
          if (step === 'ended' && reason === 'network-lost') this.emitter.emit('network-lost', event);
          break;
        }
        case 'restart-ice':
          this.calls.restartIce(remoteId);
          break;
        case 'full-restart':
        case 'request-restart':
          this.calls.restart(remoteId);
          break;
        case 'end':
          // Without a network the engine ends as a whole (on `network-lost`); otherwise only
          // this call ends, and the other side is told if it can still hear.
          if (effect.reason !== 'network-lost') this.calls.hangUp(remoteId, 'lost', true);
          break;
      }
    }
  }
}
