import { CallError } from '../errors.js';
import { parseRetryAfter } from './upload-policy.js';
import type { ChunkKey, RecordedChunk, RecordingTarget } from './types.js';

/** `recording_upload_failed` for one chunk: the sink refused it, and it stays on the device. */
export class RecordingUploadError extends CallError {
  readonly key: ChunkKey;
  /** The sink's HTTP status (409 when the conflict never resolved). */
  readonly status: number;

  constructor(key: ChunkKey, status: number, message: string) {
    super('recording_upload_failed', message);
    this.key = key;
    this.status = status;
  }
}

/** What one try at delivering a chunk came to. */
export type Delivery =
  /** 2xx, or a 409 where the sink already holds these very bytes: acknowledged. */
  | { outcome: 'stored' }
  /** No answer, 5xx, 408 or 429: try again later, not before `retryAfterMs` when the sink said so. */
  | { outcome: 'retry'; status: number | null; retryAfterMs: number | null; reason: string }
  /** 409 and the sink holds other bytes, or none yet (a concurrent upload may be mid-write). */
  | { outcome: 'conflict'; reason: string }
  /** Any other 4xx: trying again cannot help. */
  | { outcome: 'rejected'; status: number; reason: string };

export interface ChunkRequestOptions {
  fetch: typeof fetch;
  now: () => number;
  signal: AbortSignal;
}

export function chunkUrl(target: RecordingTarget, key: ChunkKey): string {
  const base = target.uploadUrl.replace(/\/+$/, '');
  return `${base}/chunks/${encodeURIComponent(key.track)}/${encodeURIComponent(key.kind)}/${key.seq}`;
}

/**
 * PUTs a chunk to the sink over HTTP (never the signaling socket: chunks are megabytes) and says
 * what came of it. Never throws: a failed request is a `retry`.
 */
export async function deliverChunk(chunk: RecordedChunk, target: RecordingTarget, options: ChunkRequestOptions): Promise<Delivery> {
  let response: Response;
  try {
    response = await options.fetch(chunkUrl(target, chunk), {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${target.token}`,
        'content-type': chunk.mimeType,
        'x-lifeline-started-at': String(chunk.startedAt),
        'x-lifeline-duration-ms': String(chunk.durationMs),
      },
      body: chunk.data,
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    return unanswered(error);
  }
  if (response.ok) {
    await discard(response);
    return { outcome: 'stored' };
  }
  if (response.status === 409) {
    await discard(response);
    return confirmConflict(chunk, target, options);
  }
  return failure(response, options.now());
}

/** The sink has something at this key: if it is these bytes (etag = sha-256), the chunk is stored. */
async function confirmConflict(chunk: RecordedChunk, target: RecordingTarget, options: ChunkRequestOptions): Promise<Delivery> {
  let response: Response;
  try {
    response = await options.fetch(chunkUrl(target, chunk), {
      method: 'HEAD',
      headers: { authorization: `Bearer ${target.token}` },
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    return unanswered(error);
  }
  if (!response.ok && retryable(response.status)) return failure(response, options.now());
  const etag = response.ok ? response.headers.get('etag') : null;
  if (etag !== null && sameDigest(etag, await sha256(chunk.data))) return { outcome: 'stored' };
  const reason = !response.ok ? `HEAD answered ${response.status}` : etag === null ? 'HEAD gave no etag' : 'the sink holds other bytes at this key';
  return { outcome: 'conflict', reason: `HTTP 409; ${reason}` };
}

function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

async function failure(response: Response, now: number): Promise<Delivery> {
  const { status } = response;
  if (retryable(status)) {
    await discard(response);
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers.get('retry-after'), now) : null;
    return { outcome: 'retry', status, retryAfterMs, reason: `HTTP ${status}` };
  }
  // The sink's own words help whoever looks at a stuck chunk.
  const text = (await response.text().catch(() => '')).trim().slice(0, 200);
  return { outcome: 'rejected', status, reason: text ? `HTTP ${status}: ${text}` : `HTTP ${status}` };
}

function unanswered(error: unknown): Delivery {
  const reason = error instanceof Error || error instanceof DOMException ? `${error.name}: ${error.message}` : String(error);
  return { outcome: 'retry', status: null, retryAfterMs: null, reason: `no answer (${reason})` };
}

/** Frees the connection for the next request. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

async function sha256(data: Blob): Promise<Uint8Array | null> {
  // Only in secure contexts; without it a 409 cannot be confirmed and counts as a conflict.
  if (!globalThis.crypto?.subtle) return null;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', await data.arrayBuffer()));
}

/** An etag holding the digest in hex or base64, quoted or not. */
function sameDigest(etag: string, digest: Uint8Array | null): boolean {
  if (!digest) return false;
  const value = etag
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
  const base64 = btoa(String.fromCharCode(...digest));
  return value.toLowerCase() === hex || value === base64 || value === base64.replace(/=+$/, '');
}
