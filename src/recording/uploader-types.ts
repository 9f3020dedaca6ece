import type { CallError } from '../errors.js';
import type { RecordingUploadError } from './chunk-request.js';
import type { OnlineSource } from './online-source.js';
import type { ChunkOutbox, OutboxEntry } from './outbox.js';
import type { UploadRetryPolicy } from './upload-policy.js';
import type { ChunkKey } from './types.js';

// What a host sees of the ChunkUploader: its options, progress and events.

export interface ChunkUploaderOptions {
  /** Where chunks wait; the uploader uses it, the host owns it (and closes it). */
  outbox: ChunkOutbox;
  policy?: Partial<UploadRetryPolicy>;
  fetch?: typeof fetch;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** In [0, 1), for the jitter. */
  random?: () => number;
  online?: OnlineSource;
}

export interface UploadProgress {
  /** In the outbox, not acknowledged yet (stuck ones included). */
  pendingChunks: number;
  pendingBytes: number;
  /** Refused by the sink with a 4xx: kept on the device, see `stuck()`. */
  stuckChunks: number;
  /** Acknowledged since `start()`. */
  uploadedChunks: number;
  uploadedBytes: number;
  /** Epoch ms of the last acknowledgement; null before the first. */
  lastUploadAt: number | null;
  /** Some recording is waiting out a backoff after a failed try. */
  retrying: boolean;
  /** The browser says it is offline: uploads wait for the `online` event. */
  offline: boolean;
}

/** A failed try that will be tried again after `delayMs`. */
export interface UploadRetry {
  key: ChunkKey;
  /** The HTTP status; null when there was no answer. */
  status: number | null;
  attempt: number;
  delayMs: number;
  reason: string;
}

export type ChunkUploaderEvents = {
  progress: (progress: UploadProgress) => void;
  uploaded: (key: ChunkKey) => void;
  retry: (retry: UploadRetry) => void;
  /** `recording_upload_failed` (a `RecordingUploadError`: a chunk is stuck) or the outbox's `recording_storage_full`. */
  error: (error: CallError) => void;
};

/** A chunk the sink refused: still in the outbox, its bytes ready to be exported by the host. */
export interface StuckChunk extends OutboxEntry {
  error: RecordingUploadError;
}
