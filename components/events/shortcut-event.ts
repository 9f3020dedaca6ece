import { LifelineEvent } from './lifeline-event.js';

/** What a keyboard shortcut of a call element does. */
export type ShortcutAction = 'microphone' | 'camera' | 'screen-share';

/**
 * Fired in a call when a keyboard shortcut is pressed, before the element acts on it. A host
 * that wants the key for itself calls `event.preventDefault()`: the element then does nothing,
 * and the key is still kept from the browser.
 */
export class LifelineShortcutEvent extends LifelineEvent<{ action: ShortcutAction }> {
  static readonly eventName = 'lifeline-shortcut';

  constructor(action: ShortcutAction) {
    super(LifelineShortcutEvent.eventName, { action }, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-shortcut': LifelineShortcutEvent;
  }
}
