import type { IncomingCall } from '../../src/index.js';

/**
 * Fired in direct mode when someone rings. The element shows its own prompt too; a host that
 * wants its own UI calls `event.preventDefault()` and uses `detail.call.accept()` / `decline()`.
 */
export class LifelineIncomingCallEvent extends Event {
  static readonly eventName = 'lifeline-incoming-call';
  readonly detail: { call: IncomingCall };

  constructor(call: IncomingCall) {
    super(LifelineIncomingCallEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = { call };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-incoming-call': LifelineIncomingCallEvent;
  }
}
