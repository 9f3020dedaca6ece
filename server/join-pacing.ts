import { TokenBucket } from './connection-limits.js';

// How fast one node lets connections in. When a node dies, or Redis comes back, a thousand
// clients knock on the survivor within a second; each join costs the node about 1-1.5 ms of its
// one core, plus the relaying of the calls it sets up, so letting all in at once stalls the
// signaling of the calls already there. Past the rate, a handshake is refused with
// `service_unavailable` and a `retryAfterMs` that gives each refused client its own later slot:
// the refused come back no faster than the node lets them in.

export interface JoinPacing {
  /** Handshakes (joins and reconnections) let in per second, sustained (default 150; 0 turns pacing off). */
  perSecond?: number;
  /** As many at once, beyond the rate (default a fifth of a second's worth, at least 1). */
  burst?: number;
  /** The longest wait a refused handshake is given (default 30 s, the default recovery window). */
  maxWaitMs?: number;
}

export const DEFAULT_JOIN_PACING: Readonly<Required<Omit<JoinPacing, 'burst'>>> = Object.freeze({ perSecond: 150, maxWaitMs: 30_000 });

export class JoinPacer {
  private readonly bucket: TokenBucket;
  private readonly intervalMs: number;
  private readonly maxWaitMs: number;
  /** The moment the last refused handshake was told to come back at. */
  private lastSlotAt = 0;

  constructor(
    pacing: JoinPacing,
    private readonly now: () => number = () => performance.now(),
    private readonly random: () => number = Math.random,
  ) {
    const perSecond = pacing.perSecond ?? DEFAULT_JOIN_PACING.perSecond;
    if (!(perSecond > 0)) throw new Error('JoinPacer needs a positive rate; leave pacing out to turn it off.');
    this.intervalMs = 1000 / perSecond;
    this.maxWaitMs = pacing.maxWaitMs ?? DEFAULT_JOIN_PACING.maxWaitMs;
    this.bucket = new TokenBucket(perSecond, pacing.burst ?? Math.max(1, Math.floor(perSecond / 5)), now);
  }

  /** Lets one handshake in (null), or says in how many ms it should knock again. */
  take(): number | null {
    if (this.bucket.available() >= 1) {
      this.bucket.take(1);
      return null;
    }
    // The next free slot after everyone already told to wait, somewhere within its interval.
    const now = this.now();
    this.lastSlotAt = Math.min(Math.max(this.lastSlotAt, now) + this.intervalMs, now + this.maxWaitMs);
    return Math.round(this.lastSlotAt - now + (this.random() - 0.5) * this.intervalMs);
  }
}

/** `LIFELINE_MAX_JOINS_PER_SECOND`: the pacing rate (0 turns it off), or the default when unset. */
export function joinPacingFromEnv(env: NodeJS.ProcessEnv = process.env): JoinPacing | undefined {
  const raw = env.LIFELINE_MAX_JOINS_PER_SECOND;
  if (raw === undefined || raw === '') return undefined;
  const perSecond = Number(raw);
  if (!Number.isFinite(perSecond) || perSecond < 0)
    throw new Error(`LIFELINE_MAX_JOINS_PER_SECOND must be a number of joins a second (0 for no pacing), not ${JSON.stringify(raw)}.`);
  return { perSecond };
}
