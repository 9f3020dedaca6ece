/**
 * When a chunk upload that failed for a passing reason (no network, 5xx, 408, 429, a conflict
 * that may be a concurrent write) is tried again. A policy object with defaults, overridable per
 * uploader, like the recovery timings.
 */
export interface UploadRetryPolicy {
  /** The first retry waits up to this long, each next one up to twice as long as the one before ... */
  baseDelayMs: number;
  /** ... up to this. */
  maxDelayMs: number;
  /** A `retry-after` (429, 503) longer than this is cut to it, so a wrong header cannot park a recording for hours. */
  maxRetryAfterMs: number;
  /** A 409 whose stored bytes are not this chunk's is tried this many more times, then the chunk is stuck. */
  conflictRetries: number;
  /**
   * A request is given up as stalled after `requestTimeoutMs` plus the time its body takes at
   * `minBytesPerSecond`: a dead connection must not hold the queue, a slow one must still finish.
   */
  requestTimeoutMs: number;
  minBytesPerSecond: number;
}

export const DEFAULT_UPLOAD_RETRY_POLICY: Readonly<UploadRetryPolicy> = Object.freeze({
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
  conflictRetries: 3,
  requestTimeoutMs: 30_000,
  minBytesPerSecond: 8 * 1024,
});

/**
 * The wait before retry number `attempt` (1, 2, ...): full jitter, anywhere from 0 to the
 * exponential ceiling, so clients that all lost the sink at once do not all come back at once.
 * A server's `retry-after` is a floor.
 */
export function backoffDelayMs(policy: UploadRetryPolicy, attempt: number, random: () => number, retryAfterMs: number | null = null): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** `retry-after` in ms from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function requestTimeoutMs(policy: UploadRetryPolicy, bytes: number): number {
  return policy.requestTimeoutMs + Math.ceil((bytes / policy.minBytesPerSecond) * 1000);
}
