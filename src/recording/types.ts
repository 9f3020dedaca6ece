// The contract between the recorders, the local outbox, the uploader and the recording sink.

/** Whose media a chunk holds: a participant's id, or `composite` for the call's grid video. */
export type ChunkTrack = string;
export const COMPOSITE_TRACK = 'composite';

/** `video`: the composite grid (video only); `audio`: one participant's voice; `av`: both (self-assessment). */
export type ChunkKind = 'video' | 'audio' | 'av';

/** Where a chunk belongs: unique per recording, and the key under which the sink stores it. */
export interface ChunkKey {
  recordingId: string;
  track: ChunkTrack;
  kind: ChunkKind;
  /** 0, 1, 2, ... per (track, kind), in recording order; each chunk plays on its own. */
  seq: number;
}

/** One recorded chunk, as the outbox keeps it until the sink has acknowledged it. */
export interface RecordedChunk extends ChunkKey {
  mimeType: string;
  data: Blob;
  /** Wall-clock time the chunk's recording started, epoch ms, and how long it lasts. */
  startedAt: number;
  durationMs: number;
}

/**
 * Where a recording's chunks go: the sink's base URL for this recording and the token the
 * sink issued when the recording started (`POST /lifeline/recordings`).
 *
 * Sink HTTP API (server/recording-sink.ts):
 * - `POST /lifeline/recordings` `{ participants?: string[], meta?: object }` -> 201 `{ recordingId, token, uploadUrl }`
 * - `PUT  {uploadUrl}/chunks/{track}/{kind}/{seq}` body: the chunk bytes; headers
 *   `authorization: Bearer {token}`, `content-type: {mimeType}`, `x-lifeline-started-at`,
 *   `x-lifeline-duration-ms` -> 201 stored, 200 already stored with the same bytes, 409 a
 *   different body at that key, 401/403 token, 400 bad path, 413 too large, 422 past the
 *   sink's limits (`seq_gap_too_large`, `too_many_tracks`)
 * - `HEAD {uploadUrl}/chunks/{track}/{kind}/{seq}` -> 200 (with `etag` the sha-256) or 404
 * - `POST {uploadUrl}/finalize` -> 200 the manifest; fires the `recording.finalized` webhook
 */
export interface RecordingTarget {
  recordingId: string;
  uploadUrl: string;
  token: string;
}

// What the sink writes when a recording is finalized (manifest.json, and the webhook's payload).

export interface ManifestChunk {
  seq: number;
  file: string;
  bytes: number;
  sha256: string;
  startedAt: number | null;
  durationMs: number | null;
}

export interface ManifestTrack {
  track: ChunkTrack;
  kind: ChunkKind;
  mimeType: string;
  /** Sum of the chunks' durations, ms. */
  durationMs: number;
  chunks: ManifestChunk[];
}

/** A run of chunks that never arrived, `first` to `last` inclusive: one entry per gap, however long. */
export interface MissingChunks {
  track: ChunkTrack;
  kind: ChunkKind;
  first: number;
  last: number;
}

/** Who started a recording, as the sink's host vouched for them when it let the start in. */
export interface RecordingStarter {
  /** The identity the host's `authorizeRecording` named; null when it let the start in without naming anyone. */
  id: string | null;
}

export interface RecordingManifest {
  recordingId: string;
  createdAt: string;
  finalizedAt: string;
  /** Null when no host check vouched for the start: anyone who could reach the sink may have made it. */
  startedBy: RecordingStarter | null;
  /** The participants named at the start, then any other participant who uploaded a chunk: the client's word. */
  participants: string[];
  /** The `meta` the client sent at the start, as sent: untrusted. */
  clientMeta: Record<string, unknown>;
  tracks: ManifestTrack[];
  /** The gaps below each track's last chunk, in track order then seq order. */
  missing: MissingChunks[];
}
