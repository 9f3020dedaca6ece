import { LifelineEvent } from './lifeline-event.js';

/** What a person chose on the pre-join screen; the element joins with it. */
export interface PrejoinChoices {
  /** The name typed on the screen, else the element's `display-name`. */
  displayName: string;
  /** Whether the microphone and the camera are on when the call starts. */
  audio: boolean;
  video: boolean;
  /** The chosen devices' ids; undefined for the browser's default (or no picker, for the speaker). */
  devices: { camera?: string; microphone?: string; speaker?: string };
}

/**
 * Fired when the person presses Join on the pre-join screen, before the element joins. A host
 * that wants to check or hold the join calls `event.preventDefault()`: the screen stays, and the
 * host's own `join()` later joins with the choices on it.
 */
export class LifelinePrejoinEvent extends LifelineEvent<PrejoinChoices> {
  static readonly eventName = 'lifeline-prejoin';

  constructor(choices: PrejoinChoices) {
    super(LifelinePrejoinEvent.eventName, choices, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-prejoin': LifelinePrejoinEvent;
  }
}
