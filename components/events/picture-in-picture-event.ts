import { LifelineEvent } from './lifeline-event.js';

/**
 * Fired when `<video-call>` goes into picture-in-picture (its window opened, or its video went
 * into the browser's own) and when it comes back: from its button, its window's close, or the
 * call ending.
 */
export class LifelinePictureInPictureEvent extends LifelineEvent<{ open: boolean }> {
  static readonly eventName = 'lifeline-picture-in-picture';

  constructor(open: boolean) {
    super(LifelinePictureInPictureEvent.eventName, { open });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-picture-in-picture': LifelinePictureInPictureEvent;
  }
}
