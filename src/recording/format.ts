import { CallError } from '../errors.js';
import type { ChunkKind } from './types.js';

// What to ask MediaRecorder for, decided at run time from what the browser says it can do.
// Pure functions, so each browser's answers can be tested without that browser.

export interface RecordingFormat {
  /** The exact type given to MediaRecorder and sent as the chunk's content-type. */
  mimeType: string;
  /** The file extension a chunk of this type gets. */
  extension: 'webm' | 'mp4' | 'ogg';
}

// WebM first (VP9 or VP8 with Opus: Chromium, Firefox); MP4 (H.264 with AAC) where there is no
// WebM (Safari). Each chunk is a complete file of one of these.
const VIDEO_TYPES = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4;codecs=avc1.42E01E,mp4a.40.2', 'video/mp4'];
const VIDEO_ONLY_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm', 'video/mp4;codecs=avc1.42E01E', 'video/mp4'];
const AUDIO_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4'];

const CANDIDATES: Record<ChunkKind, readonly string[]> = { av: VIDEO_TYPES, video: VIDEO_ONLY_TYPES, audio: AUDIO_TYPES };

/**
 * The first type of the kind the browser can record. `isTypeSupported` is
 * `MediaRecorder.isTypeSupported` (absent: no MediaRecorder at all).
 */
export function chooseFormat(kind: ChunkKind, isTypeSupported: ((type: string) => boolean) | undefined): RecordingFormat {
  const mimeType = isTypeSupported && CANDIDATES[kind].find((type) => isTypeSupported(type));
  if (!mimeType) {
    throw new CallError(
      'recording_unsupported',
      isTypeSupported ? `This browser cannot record ${kind === 'audio' ? 'audio' : 'video'} as WebM or MP4.` : 'This browser has no MediaRecorder.',
    );
  }
  return { mimeType, extension: extensionOf(mimeType) };
}

export function extensionOf(mimeType: string): RecordingFormat['extension'] {
  const container = mimeType.split(';')[0].trim().split('/')[1];
  return container === 'mp4' ? 'mp4' : container === 'ogg' ? 'ogg' : 'webm';
}

/**
 * The timeslice passed to every `MediaRecorder.start()`, the first and each after a rotation:
 * Safari's MediaRecorder emits no data at all without one, and a short one means a chunk's
 * data is mostly in hand already when its recorder stops.
 */
export function timesliceFor(chunkMs: number): number {
  return Math.max(100, Math.min(1_000, Math.floor(chunkMs / 4)));
}

export const DEFAULT_CHUNK_OPTIONS = Object.freeze({ chunkMs: 30_000 });

/**
 * A host's chunk length, or the default, checked: long enough to be worth a file, short enough
 * to lose little.
 */
export function checkChunkMs(chunkMs: number = DEFAULT_CHUNK_OPTIONS.chunkMs): number {
  if (!Number.isFinite(chunkMs) || chunkMs < 1_000 || chunkMs > 10 * 60_000) {
    throw new CallError('invalid_config', `chunkMs must be 1000-600000 ms, not ${chunkMs}.`);
  }
  return chunkMs;
}
