import { randomUUID } from 'node:crypto';
import type { RecordingManifest } from './recording-manifest.js';
import { WEBHOOK_HEADERS, webhookSignature } from './webhook-signature.js';

// Tells the host's post-processing (transcription, a move to long-term storage) that a recording
// is complete, so it need not poll. Delivered in the background: a slow or failing receiver
// never holds up the finalize call that caused it.

/** The body: the manifest says who started the recording (`startedBy`) and keeps the client's own words apart (`clientMeta`). */
export interface RecordingFinalizedEvent {
  event: 'recording.finalized';
  recordingId: string;
  manifest: RecordingManifest;
}

export interface WebhookOptions {
  url: string;
  /** Signs each attempt over its timestamp, delivery id and body (server/webhook-signature.ts). */
  secret?: string;
  /** Waits before each retry; the default gives up about 6 minutes after the first attempt. */
  retryDelaysMs?: number[];
  log: (line: string) => void;
}

export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [2_000, 10_000, 60_000, 300_000];
const ATTEMPT_TIMEOUT_MS = 10_000;

/** Posts events to the URL until it answers 2xx or the retries run out; `close` stops all. */
export function createWebhook(options: WebhookOptions): { send(event: RecordingFinalizedEvent): void; close(): void } {
  const delays = options.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
  const stop = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (timers.delete(timer), resolve()), ms).unref();
      timers.add(timer);
    });

  async function deliver(event: RecordingFinalizedEvent): Promise<void> {
    const body = JSON.stringify(event);
    const deliveryId = randomUUID();
    for (let attempt = 1; !stop.signal.aborted; attempt++) {
      // Stamped and signed per attempt: a retry minutes later must still be fresh to its receiver.
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        [WEBHOOK_HEADERS.delivery]: deliveryId,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      };
      if (options.secret) headers[WEBHOOK_HEADERS.signature] = webhookSignature(options.secret, timestamp, deliveryId, body);
      let outcome: string;
      try {
        const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]);
        const response = await fetch(options.url, { method: 'POST', headers, body, signal });
        await response.body?.cancel();
        if (response.ok) return options.log(`recording webhook delivered id=${event.recordingId} attempt=${attempt}`);
        outcome = `status ${response.status}`;
      } catch (error) {
        outcome = (error as Error).name;
      }
      if (stop.signal.aborted) return;
      const delay = delays[attempt - 1];
      options.log(`error recording webhook id=${event.recordingId} attempt=${attempt}: ${outcome}${delay === undefined ? ', giving up' : ''}`);
      if (delay === undefined) return;
      await wait(delay);
    }
  }

  return {
    send: (event) => void deliver(event),
    close() {
      stop.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
