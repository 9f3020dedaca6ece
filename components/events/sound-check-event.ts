import type { CallError } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/** How a sound check ended. */
export type SoundCheckOutcome = 'pass' | 'too-quiet' | 'no-microphone' | 'denied' | 'failed';

/** What `<sound-check>` is doing, reflected as its `state` attribute. */
export type SoundCheckState = 'idle' | 'testing' | SoundCheckOutcome;

export interface SoundCheckResult {
  result: SoundCheckOutcome;
  /** The loudest level heard, in dBFS (0 is full scale); null when nothing was measured. */
  peakDb: number | null;
  /** The microphone tested (as the browser reports it), or the one asked for. */
  deviceId: string | null;
  /** Why there is no measurement: a CallError with a documented code. */
  error: CallError | null;
}

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
