import type { ChunkKind, RecordedChunk, RecordingTarget } from '../../src/index.js';
import { waitFor } from './test-env.js';

/** A chunk of `size` random bytes (or `fill` repeated), as a recorder would hand it over. */
export function recordedChunk(
  seq: number,
  { recordingId = 'rec-1', track = 'composite', kind = 'video' as ChunkKind, size = 1024, fill = null as number | null } = {},
): RecordedChunk {
  const bytes = new Uint8Array(size);
  // getRandomValues fills at most 64 KiB at a time.
  if (fill === null) for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
  else bytes.fill(fill);
  return {
    recordingId,
    track,
    kind,
    seq,
    mimeType: 'video/webm',
    data: new Blob([bytes], { type: 'video/webm' }),
    startedAt: 1_700_000_000_000 + seq * 30_000,
    durationMs: 30_000,
  };
}

export function recordingTarget(recordingId = 'rec-1', token = 'token-1'): RecordingTarget {
  return { recordingId, uploadUrl: `https://sink.example.org/lifeline/recordings/${recordingId}`, token };
}

export async function bytesOf(blob: Blob): Promise<number[]> {
  return [...new Uint8Array(await blob.arrayBuffer())];
}

/** The sha-256 of a blob in hex: what the sink's etag carries. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether a chunk is a file that plays on its own: a media element of its kind loads it alone,
 * decodes its first frame (a picture of some size, for video) and is not in error.
 */
export async function decodesAlone(chunk: RecordedChunk): Promise<true> {
  const element = document.createElement(chunk.kind === 'audio' ? 'audio' : 'video');
  element.muted = true;
  const url = URL.createObjectURL(chunk.data);
  const what = `${chunk.track} ${chunk.kind} chunk ${chunk.seq}`;
  try {
    element.src = url;
    document.body.append(element);
    await element.play().catch(() => {});
    await waitFor(
      () => element.error || (element.readyState >= 2 && (chunk.kind === 'audio' || (element as HTMLVideoElement).videoWidth > 0)),
      `${what} to decode`,
      5_000,
    );
    if (element.error) throw new Error(`${what} does not decode: ${element.error.message}`);
    return true;
  } finally {
    element.remove();
    URL.revokeObjectURL(url);
  }
}
