import type { CallError } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/** Fired for every error the engine reports; `detail.error.code` is one of the documented codes. */
export class LifelineErrorEvent extends LifelineEvent<{ error: CallError }> {
  static readonly eventName = 'lifeline-error';

  constructor(error: CallError) {
    super(LifelineErrorEvent.eventName, { error });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-error': LifelineErrorEvent;
  }
}
