import type { SoundCheckResult } from '../sound-check/sound-check-result.js';
import { LifelineEvent } from './lifeline-event.js';

/**
 * Fired by `<sound-check>` when a test ends: `detail.result` is pass, too-quiet, no-microphone,
 * denied or failed, with the peak level heard (dBFS) and, when nothing was measured, the error.
 */
export class LifelineSoundCheckEvent extends LifelineEvent<SoundCheckResult> {
  static readonly eventName = 'lifeline-sound-check';

  constructor(result: SoundCheckResult) {
    super(LifelineSoundCheckEvent.eventName, result);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-sound-check': LifelineSoundCheckEvent;
  }
}
