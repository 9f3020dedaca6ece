import type { Participant } from '../../src/index.js';

/** Fired when another participant leaves the room (or the local side leaves it). */
export class LifelineParticipantLeftEvent extends Event {
  static readonly eventName = 'lifeline-participant-left';
  readonly detail: { participant: Participant };

  constructor(participant: Participant) {
    super(LifelineParticipantLeftEvent.eventName, { bubbles: true, composed: true });
    this.detail = { participant };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-participant-left': LifelineParticipantLeftEvent;
  }
}
