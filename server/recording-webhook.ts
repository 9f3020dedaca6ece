import { createHmac } from 'node:crypto';
import type { RecordingManifest } from './recording-manifest.js';

// Tells the host's post-processing (transcription, a move to long-term storage) that a recording
// is complete, so it need not poll. Delivered in the background: a slow or failing receiver
// never holds up the finalize call that caused it.

export interface RecordingFinalizedEvent {
  event: 'recording.finalized';
  recordingId: string;
  manifest: RecordingManifest;
}

export interface WebhookOptions {
  url: string;
  /** Signs each body: `x-lifeline-signature: sha256=<hex HMAC-SHA256 of the body>`. */
  secret?: string;
  /** Waits before each retry; the default gives up about 6 minutes after the first attempt. */
  retryDelaysMs?: number[];
  log: (line: string) => void;
}

export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [2_000, 10_000, 60_000, 300_000];
const ATTEMPT_TIMEOUT_MS = 10_000;

export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

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
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.secret) headers['x-lifeline-signature'] = webhookSignature(options.secret, body);
    for (let attempt = 1; !stop.signal.aborted; attempt++) {
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
