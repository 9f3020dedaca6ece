import { LifelineEvent } from './lifeline-event.js';

/**
 * Fired when this participant starts sharing a screen (`stream` is what is sent) or stops (`null`):
 * from the element's button, the engine's API, or the browser's own "Stop sharing".
 */
export class LifelineScreenShareEvent extends LifelineEvent<{ sharing: boolean; stream: MediaStream | null }> {
  static readonly eventName = 'lifeline-screen-share';

  constructor(stream: MediaStream | null) {
    super(LifelineScreenShareEvent.eventName, { sharing: stream !== null, stream });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-screen-share': LifelineScreenShareEvent;
  }
}
