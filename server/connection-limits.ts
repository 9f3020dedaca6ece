/**
 * What one signaling connection may send. A call needs little: an offer, an answer and a few
 * dozen ICE candidates per peer when it starts or restarts, and a heartbeat every 2.5 s per peer.
 * A flood is cut off long before it can crowd out the other connections on the server.
 */
export interface ConnectionLimits {
  /** Messages per second, sustained. */
  messagesPerSecond: number;
  /** Messages at once, above the sustained rate (a room of four starting its calls). */
  messageBurst: number;
  /** Bytes per second, sustained (an SDP is a few KB). */
  bytesPerSecond: number;
  /** Bytes at once, above the sustained rate. */
  byteBurst: number;
  /** Messages refused for the rate in a row before the connection is cut off (`rate_limited`). */
  refusalsBeforeCutOff: number;
}

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = Object.freeze({
  messagesPerSecond: 50,
  messageBurst: 200,
  bytesPerSecond: 256 * 1024,
  byteBurst: 1024 * 1024,
  refusalsBeforeCutOff: 20,
});

/** The defaults with a host's overrides, each checked: a limit that is not a positive number would let everything through. */
export function connectionLimits(overrides: Partial<ConnectionLimits> = {}): ConnectionLimits {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      throw new Error(`Signaling server: limits.${name} must be a positive number, not ${value}.`);
  }
  return limits;
}

/** A token bucket: `rate` tokens a second, holding at most `burst`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** The tokens there are now. */
  available(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = now;
    return this.tokens;
  }

  take(amount: number): void {
    this.tokens -= amount;
  }
}

export type Verdict = 'pass' | 'refuse' | 'cut-off';

/** One connection's allowance: each incoming message passes, is refused, or ends the connection. */
export class ConnectionAllowance {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private refusedInARow = 0;

  constructor(
    private readonly limits: ConnectionLimits,
    now?: () => number,
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now);
  }

  judge(bytes: number): Verdict {
    // Charged only when both allow it, so a refused message costs nothing.
    if (this.messages.available() >= 1 && this.bytes.available() >= bytes) {
      this.messages.take(1);
      this.bytes.take(bytes);
      this.refusedInARow = 0;
      return 'pass';
    }
    return ++this.refusedInARow >= this.limits.refusalsBeforeCutOff ? 'cut-off' : 'refuse';
  }
}
