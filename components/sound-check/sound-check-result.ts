import type { CallError } from '../../src/index.js';
import { errorText } from '../strings/resolve-strings.js';
import { fill, type LifelineStrings } from '../strings/strings.js';

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
