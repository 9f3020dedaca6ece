import type { Participant } from '../../src/index.js';

/** Fired when another participant enters the room. */
export class LifelineParticipantJoinedEvent extends Event {
  static readonly eventName = 'lifeline-participant-joined';
  readonly detail: { participant: Participant };

  constructor(participant: Participant) {
    super(LifelineParticipantJoinedEvent.eventName, { bubbles: true, composed: true });
    this.detail = { participant };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-participant-joined': LifelineParticipantJoinedEvent;
  }
}
