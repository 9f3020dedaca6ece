import type { Knock } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/** A knock at the waiting room, with what a host's own UI needs to answer it. */
export interface KnockDetail extends Knock {
  admit(): Promise<void>;
  deny(): Promise<void>;
}

/**
 * Fired to a host (or holder of the `admit` grant) when a guest knocks. The element shows its
 * own Admit and Deny prompt (part `knock`); a host with its own UI calls `event.preventDefault()`
 * and uses `detail.admit()` / `detail.deny()`.
 */
export class LifelineKnockEvent extends LifelineEvent<KnockDetail> {
  static readonly eventName = 'lifeline-knock';

  constructor(detail: KnockDetail) {
    super(LifelineKnockEvent.eventName, detail, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-knock': LifelineKnockEvent;
  }
}
