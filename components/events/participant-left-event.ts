import type { Participant } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/** Fired when another participant leaves the room (or the local side leaves it). */
export class LifelineParticipantLeftEvent extends LifelineEvent<{ participant: Participant }> {
  static readonly eventName = 'lifeline-participant-left';

  constructor(participant: Participant) {
    super(LifelineParticipantLeftEvent.eventName, { participant });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-participant-left': LifelineParticipantLeftEvent;
  }
}
