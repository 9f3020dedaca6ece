import type { IncomingCall } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/**
 * Fired in direct mode when someone rings. The element shows its own prompt too; a host that
 * wants its own UI calls `event.preventDefault()` and uses `detail.call.accept()` / `decline()`.
 */
export class LifelineIncomingCallEvent extends LifelineEvent<{ call: IncomingCall }> {
  static readonly eventName = 'lifeline-incoming-call';

  constructor(call: IncomingCall) {
    super(LifelineIncomingCallEvent.eventName, { call }, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-incoming-call': LifelineIncomingCallEvent;
  }
}
