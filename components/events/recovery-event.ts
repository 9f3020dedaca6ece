import type { RecoveryEvent } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/** Fired on every step of a call's recovery ladder (degraded, restarts, waiting, recovered, ended). */
export class LifelineRecoveryEvent extends LifelineEvent<RecoveryEvent> {
  static readonly eventName = 'lifeline-recovery';

  constructor(recovery: RecoveryEvent) {
    super(LifelineRecoveryEvent.eventName, recovery);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-recovery': LifelineRecoveryEvent;
  }
}
