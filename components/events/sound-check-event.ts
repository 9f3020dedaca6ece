import type { SoundCheckResult } from '../sound-check/sound-check-result.js';

/**
 * Fired by `<sound-check>` when a test ends: `detail.result` is pass, too-quiet, no-microphone,
 * denied or failed, with the peak level heard (dBFS) and, when nothing was measured, the error.
 */
export class LifelineSoundCheckEvent extends Event {
  static readonly eventName = 'lifeline-sound-check';
  readonly detail: SoundCheckResult;

  constructor(result: SoundCheckResult) {
    super(LifelineSoundCheckEvent.eventName, { bubbles: true, composed: true });
    this.detail = result;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-sound-check': LifelineSoundCheckEvent;
  }
}
