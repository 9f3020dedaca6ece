import type { CallError } from '../../src/index.js';

/** Fired for every error the engine reports; `detail.error.code` is one of the documented codes. */
export class LifelineErrorEvent extends Event {
  static readonly eventName = 'lifeline-error';
  readonly detail: { error: CallError };

  constructor(error: CallError) {
    super(LifelineErrorEvent.eventName, { bubbles: true, composed: true });
    this.detail = { error };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-error': LifelineErrorEvent;
  }
}
