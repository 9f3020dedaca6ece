import type { CallState } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/** Fired when the call's state changes (joining, connected, reconnecting, ended, ...). */
export class LifelineStateChangeEvent extends LifelineEvent<{ state: CallState; previous: CallState }> {
  static readonly eventName = 'lifeline-state-change';

  constructor(state: CallState, previous: CallState) {
    super(LifelineStateChangeEvent.eventName, { state, previous });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-state-change': LifelineStateChangeEvent;
  }
}
