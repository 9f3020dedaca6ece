import type { IceProbeResult } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/**
 * Fired by `<ice-probe>` when a run ends: one result per STUN or TURN URL, with its verdict
 * (`ok` or `failed`), the candidate types seen, how long it took and, on failure, the error.
 */
export class LifelineIceProbeEvent extends LifelineEvent<{ results: IceProbeResult[] }> {
  static readonly eventName = 'lifeline-ice-probe';

  constructor(results: IceProbeResult[]) {
    super(LifelineIceProbeEvent.eventName, { results });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-ice-probe': LifelineIceProbeEvent;
  }
}
