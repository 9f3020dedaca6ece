import type { CallError } from '../../src/index.js';
import type { SoundCheckOutcome, SoundCheckResult } from '../events/sound-check-event.js';
import { errorText } from '../strings/resolve-strings.js';
import { fill, type LifelineStrings } from '../strings/strings.js';

// The result's types live with its event, which every layer may import.
export type { SoundCheckOutcome, SoundCheckResult, SoundCheckState } from '../events/sound-check-event.js';

/** The outcome a microphone that could not be opened stands for. */
export function outcomeOf(error: CallError): SoundCheckOutcome {
  switch (error.code) {
    case 'media_not_allowed':
      return 'denied';
    // A chosen microphone that is gone is asked for exactly, and comes back overconstrained.
    case 'media_not_found':
    case 'media_overconstrained':
      return 'no-microphone';
    default:
      return 'failed';
  }
}

/** The sentence announced for a result: what happened and what the person can do. */
export function resultMessage(strings: LifelineStrings, { result, peakDb, error }: SoundCheckResult): string {
  if (error) return errorText(strings, error);
  return fill(strings.soundCheck.result[result === 'pass' ? 'pass' : 'too-quiet'], { peak: formatDb(peakDb) });
}

/** "-20 dB"; levels are whole decibels on screen and for screen readers. */
export function formatDb(db: number | null): string {
  return db === null ? '—' : `${Math.round(db)} dB`;
}
