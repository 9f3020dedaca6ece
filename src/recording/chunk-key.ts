import type { ChunkKey } from './types.js';

/** The key as IndexedDB stores it; arrays of strings and numbers sort field by field, seq numerically. */
export type ChunkKeyPath = [recordingId: string, track: string, kind: string, seq: number];

export function chunkKeyPath(key: ChunkKey): ChunkKeyPath {
  return [key.recordingId, key.track, key.kind, key.seq];
}

/** A string that names one chunk, for maps and messages. */
export function chunkId(key: ChunkKey): string {
  return JSON.stringify(chunkKeyPath(key));
}

/** Just the key of a chunk, without its data: what events and errors carry. */
export function keyOf(key: ChunkKey): ChunkKey {
  return { recordingId: key.recordingId, track: key.track, kind: key.kind, seq: key.seq };
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** IndexedDB's own order (recordingId, track, kind, seq), for what is kept in memory too. */
export function compareChunkKeys(a: ChunkKey, b: ChunkKey): number {
  return compareStrings(a.recordingId, b.recordingId) || compareStrings(a.track, b.track) || compareStrings(a.kind, b.kind) || a.seq - b.seq;
}

/** The order of upload within a recording: by time first, so what has arrived is always a prefix of the call with its audio and video. */
export function compareForUpload(a: ChunkKey, b: ChunkKey): number {
  return a.seq - b.seq || compareChunkKeys(a, b);
}
