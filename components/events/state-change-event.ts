import type { CallState } from '../../src/index.js';

/** Fired when the call's state changes (joining, connected, reconnecting, ended, ...). */
export class LifelineStateChangeEvent extends Event {
  static readonly eventName = 'lifeline-state-change';
  readonly detail: { state: CallState; previous: CallState };

  constructor(state: CallState, previous: CallState) {
    super(LifelineStateChangeEvent.eventName, { bubbles: true, composed: true });
    this.detail = { state, previous };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-state-change': LifelineStateChangeEvent;
  }
}
