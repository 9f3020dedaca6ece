// A link's quality level from its readings, steady enough to show to a person.
import type { LinkReading } from './stats-sample.js';
import type { QualityLevel, QualityReport } from './types.js';

export interface QualityThresholds {
  lossPercent: number;
  roundTripTimeMs: number;
  jitterMs: number;
}

/**
 * A reading is `fair` from any of these, `poor` from any of the next. Loss: Opus FEC and video
 * retransmission cover a percent or two; from 10 % a person hears and sees it (30 % random loss
 * on both paths read 20-45 % per second in Chromium and Firefox). Round trip:
 * ITU-T G.114 asks for at most 150 ms one way (300 ms round trip); twice that is poor. Jitter:
 * a clean call reads under 15 ms in both browsers; past 30 ms the jitter buffer adds delay
 * a person notices.
 */
export const FAIR_FROM: Readonly<QualityThresholds> = Object.freeze({ lossPercent: 2, roundTripTimeMs: 300, jitterMs: 30 });
export const POOR_FROM: Readonly<QualityThresholds> = Object.freeze({ lossPercent: 10, roundTripTimeMs: 600, jitterMs: 60 });

/** Samples the meter weighs: a worse level needs two of the last three, a better one all three. */
const WINDOW = 3;

const RANK: Record<QualityLevel, number> = { good: 0, fair: 1, poor: 2, lost: 3 };

/** One reading's level on its own, from its worst measure; a measure the browser lacks is ignored. */
export function levelOf(reading: LinkReading): QualityLevel {
  if (!reading.alive) return 'lost';
  if (reaches(reading, POOR_FROM)) return 'poor';
  if (reaches(reading, FAIR_FROM)) return 'fair';
  return 'good';
}

function reaches(reading: LinkReading, from: QualityThresholds): boolean {
  return reading.packetLossPercent >= from.lossPercent || (reading.roundTripTimeMs ?? 0) >= from.roundTripTimeMs || (reading.jitterMs ?? 0) >= from.jitterMs;
}

/**
 * One link's quality level, fed one reading per stats sample. A dead link shows `lost` at once;
 * otherwise the level gets worse when two of the last three readings are worse, and better only
 * when all three are, so one noisy second, or a measure hovering on a threshold, does not make
 * the level flap.
 */
export class QualityMeter {
  private current: QualityLevel | null = null;
  private recent: QualityLevel[] = [];

  /** The level so far, or null before the first reading. */
  get level(): QualityLevel | null {
    return this.current;
  }

  update(reading: LinkReading): QualityLevel {
    const level = levelOf(reading);
    if (level === 'lost') {
      this.recent = [];
      return (this.current = 'lost');
    }
    // A baseline reading measured nothing over its interval: keep the level it found.
    if (reading.baseline && this.current !== null) return this.current;
    // The first reading, or the first after the link came back: nothing older to weigh it with.
    if (this.current === null || this.current === 'lost') {
      this.recent = [level];
      return (this.current = level);
    }
    this.recent = [...this.recent, level].slice(-WINDOW);
    const worstFirst = [...this.recent].sort((a, b) => RANK[b] - RANK[a]);
    const reachedTwice = worstFirst[1];
    if (RANK[reachedTwice] > RANK[this.current]) this.current = reachedTwice;
    else if (this.recent.length === WINDOW && RANK[worstFirst[0]] < RANK[this.current]) this.current = worstFirst[0];
    return this.current;
  }

  /** Forgets everything, for a new connection to the same participant. */
  reset(): void {
    this.current = null;
    this.recent = [];
  }
}

/** The public report for one link, rounded for display (whole bytes, tenths of a percent or ms). */
export function buildQualityReport(participantId: string, reading: LinkReading, level: QualityLevel): QualityReport {
  return {
    participantId,
    level,
    packetLossPercent: tenths(reading.packetLossPercent),
    roundTripTimeMs: reading.roundTripTimeMs === null ? null : tenths(reading.roundTripTimeMs),
    jitterMs: reading.jitterMs === null ? null : tenths(reading.jitterMs),
    availableOutgoingBitrate: reading.availableOutgoingBitrate === null ? null : Math.round(reading.availableOutgoingBitrate),
    bytesReceivedPerSecond: Math.round(reading.bytesReceivedPerSecond),
    bytesSentPerSecond: Math.round(reading.bytesSentPerSecond),
  };
}

function tenths(value: number): number {
  return Math.round(value * 10) / 10;
}
