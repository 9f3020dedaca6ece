import type { RecoveryEvent } from '../../src/index.js';

/** Fired on every step of a call's recovery ladder (degraded, restarts, waiting, recovered, ended). */
export class LifelineRecoveryEvent extends Event {
  static readonly eventName = 'lifeline-recovery';
  readonly detail: RecoveryEvent;

  constructor(recovery: RecoveryEvent) {
    super(LifelineRecoveryEvent.eventName, { bubbles: true, composed: true });
    this.detail = recovery;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-recovery': LifelineRecoveryEvent;
  }
}
