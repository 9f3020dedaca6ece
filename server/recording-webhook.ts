import { join } from 'node:path';
import type { RecordingManifest } from './recording-manifest.js';
import { createWebhookOutbox, type WebhookOutbox } from './webhook-outbox.js';

// Tells the host's post-processing (transcription, a move to long-term storage) that a recording
// is complete, so it need not poll. Delivered in the background: a slow or failing receiver
// never holds up the finalize call that caused it.

/** The body: the manifest says who started the recording (`startedBy`) and keeps the client's own words apart (`clientMeta`). */
export interface RecordingFinalizedEvent {
  event: 'recording.finalized';
  recordingId: string;
  manifest: RecordingManifest;
}

/**
 * Hidden, so no recording (a UUID) and no sink path (no segment may start with a dot) can name
 * it, and the expiry sweep never takes it for a recording.
 */
export const RECORDING_WEBHOOK_FOLDER = '.webhooks';

export interface RecordingWebhookOptions {
  url: string;
  secret?: string;
  retryDelaysMs?: number[];
  /** The sink's folder: pending deliveries are kept in its `.webhooks`, across restarts. */
  sinkFolder: string;
  log: (line: string) => void;
}

export function createRecordingWebhook(options: RecordingWebhookOptions): WebhookOutbox<RecordingFinalizedEvent> {
  const { sinkFolder, ...delivery } = options;
  return createWebhookOutbox({
    ...delivery,
    folder: join(sinkFolder, RECORDING_WEBHOOK_FOLDER),
    name: 'recording webhook',
    describe: (event) => `id=${event.recordingId}`,
  });
}
