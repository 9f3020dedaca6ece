import type { IceProbeResult } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/** What `<ice-probe>` is doing, reflected as its `state` attribute. */
export type IceProbeState = 'idle' | 'probing' | 'passed' | 'failed' | 'error';

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
