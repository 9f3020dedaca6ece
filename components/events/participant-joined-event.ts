import type { Participant } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/** Fired when another participant enters the room. */
export class LifelineParticipantJoinedEvent extends LifelineEvent<{ participant: Participant }> {
  static readonly eventName = 'lifeline-participant-joined';

  constructor(participant: Participant) {
    super(LifelineParticipantJoinedEvent.eventName, { participant });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-participant-joined': LifelineParticipantJoinedEvent;
  }
}
