import { createHmac, timingSafeEqual } from 'node:crypto';

// How a receiver knows a webhook delivery came from this sink, recently. The signature covers
// when it was sent and which delivery it is as well as the body, so a captured delivery stops
// verifying once its timestamp is older than the receiver's tolerance, and cannot be re-dated.

export const WEBHOOK_HEADERS = {
  /** One UUID per event, the same on every retry: a receiver drops a delivery id it has seen. */
  delivery: 'x-lifeline-delivery',
  /** Unix seconds when this attempt was signed; each retry is signed afresh. */
  timestamp: 'x-lifeline-timestamp',
  /** `v1=<hex HMAC-SHA256 of "{timestamp}.{deliveryId}.{raw body}">`, with the webhook secret. */
  signature: 'x-lifeline-signature',
} as const;

/** How old a delivery's timestamp may be (or how far ahead, for clock skew) and still verify. */
export const DEFAULT_WEBHOOK_TOLERANCE_MS = 5 * 60_000;

const SIGNATURE = /^v1=([0-9a-f]{64})$/;
const TIMESTAMP = /^\d{1,12}$/;
const DELIVERY_ID = /^[A-Za-z0-9-]{1,128}$/;

/** The `x-lifeline-signature` value for one attempt; `timestamp` in unix seconds. */
export function webhookSignature(secret: string, timestamp: number, deliveryId: string, body: string | Buffer): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${deliveryId}.`).update(body).digest('hex')}`;
}

export type WebhookRejection = 'missing_headers' | 'bad_signature' | 'stale_timestamp';

export type WebhookVerification = { ok: true; deliveryId: string; timestamp: number } | { ok: false; reason: WebhookRejection };

export interface VerifyWebhookOptions {
  /** Default `DEFAULT_WEBHOOK_TOLERANCE_MS`. */
  toleranceMs?: number;
  /** Epoch ms to judge the timestamp against; `Date.now()` when absent. */
  now?: number;
}

/** Node's `req.headers` or a fetch `Headers`. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/**
 * Checks a delivery as received: `body` exactly as it arrived (before any JSON parsing), signed
 * with `secret` over its timestamp and id, the timestamp within the tolerance of now. A replay
 * within the tolerance still verifies: keep the delivery ids seen for that long and drop repeats.
 */
export function verifyWebhook(secret: string, body: string | Buffer, headers: WebhookHeaders, options: VerifyWebhookOptions = {}): WebhookVerification {
  const read = (name: string) => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    return typeof value === 'string' ? value : null;
  };
  const deliveryId = read(WEBHOOK_HEADERS.delivery);
  const stamp = read(WEBHOOK_HEADERS.timestamp);
  const presented = SIGNATURE.exec(read(WEBHOOK_HEADERS.signature) ?? '')?.[1];
  if (!deliveryId || !DELIVERY_ID.test(deliveryId) || !stamp || !TIMESTAMP.test(stamp) || !presented) {
    return { ok: false, reason: 'missing_headers' };
  }
  const timestamp = Number(stamp);
  const expected = Buffer.from(webhookSignature(secret, timestamp, deliveryId, body).slice(3), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(presented, 'hex'))) return { ok: false, reason: 'bad_signature' };
  const ageMs = (options.now ?? Date.now()) - timestamp * 1000;
  if (Math.abs(ageMs) > (options.toleranceMs ?? DEFAULT_WEBHOOK_TOLERANCE_MS)) return { ok: false, reason: 'stale_timestamp' };
  return { ok: true, deliveryId, timestamp };
}
