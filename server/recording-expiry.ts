import { logValue } from './log-value.js';
import type { RecordingRecord } from './recording-manifest.js';

// Recordings nobody finalizes (a closed laptop, a crashed tab, a stranger who only uploads) would
// otherwise stay open forever, taking chunks. Past their age they are finalized as they are:
// the chunks a real recorder sent are kept and the host hears of them through the webhook, as
// with any recording; removing them is the host's choice, not the sink's.

export interface RecordingExpiry {
  /** How long after its start a recording may stay open; then it is finalized as it is. */
  maxOpenMs: number;
  /** How often the open recordings are looked through. */
  sweepIntervalMs: number;
}

/** A day is far past any call; a sweep every 10 minutes reads each open recording's record, no more. */
export const DEFAULT_RECORDING_EXPIRY: Readonly<RecordingExpiry> = Object.freeze({ maxOpenMs: 24 * 3_600_000, sweepIntervalMs: 10 * 60_000 });

/** Longest delay `setInterval` takes; a longer one would fire at once, over and over. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The expiry with any setting overridden, checked. */
export function recordingExpiry(overrides: Partial<RecordingExpiry> = {}): RecordingExpiry {
  const expiry = { ...DEFAULT_RECORDING_EXPIRY, ...overrides };
  for (const [name, value] of Object.entries(expiry)) {
    if (!Number.isSafeInteger(value) || value <= 0 || (name === 'sweepIntervalMs' && value > MAX_TIMER_MS)) {
      throw new Error(`Recording sink: expiry.${name} must be a whole number of milliseconds above 0, not ${value}.`);
    }
  }
  return expiry;
}

export interface ExpirySweepHost {
  /** Ids of the recordings without a manifest. */
  openRecordings(): Promise<string[]>;
  readRecording(recordingId: string): Promise<RecordingRecord | null>;
  /** Finalizes a recording past its age. */
  expire(record: RecordingRecord): Promise<unknown>;
  log(line: string): void;
  now?: () => number;
}

/** Sweeps on a timer that never keeps the process alive; answers the function that stops it. */
export function startExpirySweep(expiry: RecordingExpiry, host: ExpirySweepHost): () => void {
  const { log, now = Date.now } = host;
  let sweeping = false;
  async function sweep(): Promise<void> {
    for (const recordingId of await host.openRecordings()) {
      const record = await host.readRecording(recordingId);
      if (!record || now() - Date.parse(record.createdAt) < expiry.maxOpenMs) continue;
      log(`recording expired id=${recordingId} open since ${record.createdAt}`);
      await host.expire(record);
    }
  }
  const timer = setInterval(() => {
    // A sweep slower than the interval is not started twice.
    if (sweeping) return;
    sweeping = true;
    sweep()
      .catch((error: unknown) => log(`error recording expiry sweep: ${logValue(error)}`))
      .finally(() => (sweeping = false));
  }, expiry.sweepIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
