import {
  COMPOSITE_TRACK,
  type ChunkKey,
  type ManifestChunk,
  type ManifestTrack,
  type MissingChunks,
  type RecordingManifest,
  type RecordingStarter,
} from '../src/recording/types.js';

export type { ManifestChunk, ManifestTrack, MissingChunks, RecordingManifest, RecordingStarter };

// What a finalized recording is made of, in the order to play it: the manifest the sink writes
// and sends with the `recording.finalized` webhook.

/** What the uploader says about a chunk (its headers), kept beside the bytes. */
export interface ChunkMeta {
  mimeType: string;
  /** Epoch ms the chunk's recording started, and how long it lasts; null when not sent. */
  startedAt: number | null;
  durationMs: number | null;
}

/** A chunk as the storage holds it. `file` is relative to the recording, with `/` separators. */
export interface StoredChunk extends Omit<ChunkKey, 'recordingId'>, ChunkMeta {
  file: string;
  bytes: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

/** A recording as the sink keeps it between its start and its manifest. */
export interface RecordingRecord {
  recordingId: string;
  /** Hex SHA-256 of the upload token: the token itself is never stored. */
  tokenHash: string;
  createdAt: string;
  /** Who the host's `authorizeRecording` vouched for; null when there was no such check. */
  startedBy: RecordingStarter | null;
  /** Both as the client sent them at the start. */
  participants: string[];
  clientMeta: Record<string, unknown>;
}

const byTrackThenKind = (a: ManifestTrack, b: ManifestTrack) =>
  a.track === b.track ? a.kind.localeCompare(b.kind) : a.track === COMPOSITE_TRACK ? -1 : b.track === COMPOSITE_TRACK ? 1 : a.track.localeCompare(b.track);

/** The gaps of one track's chunks (in seq order), as ranges: as long as the chunks, whatever their seqs. */
function gapsOf({ track, kind, chunks }: ManifestTrack): MissingChunks[] {
  const gaps: MissingChunks[] = [];
  let next = 0;
  for (const { seq } of chunks) {
    if (seq > next) gaps.push({ track, kind, first: next, last: seq - 1 });
    next = seq + 1;
  }
  return gaps;
}

/** Its cost follows the chunks stored (a sort per track), never the seq numbers a client chose. */
export function buildManifest(record: RecordingRecord, chunks: StoredChunk[], finalizedAt: Date): RecordingManifest {
  const groups = new Map<string, StoredChunk[]>();
  for (const chunk of chunks) {
    const group = `${chunk.track}/${chunk.kind}`;
    const list = groups.get(group);
    if (list) list.push(chunk);
    else groups.set(group, [chunk]);
  }
  const tracks: ManifestTrack[] = [...groups.values()].map((group) => {
    group.sort((a, b) => a.seq - b.seq);
    return {
      track: group[0].track,
      kind: group[0].kind,
      mimeType: group[0].mimeType,
      durationMs: group.reduce((sum, chunk) => sum + (chunk.durationMs ?? 0), 0),
      chunks: group.map(({ seq, file, bytes, sha256, startedAt, durationMs }) => ({ seq, file, bytes, sha256, startedAt, durationMs })),
    };
  });
  tracks.sort(byTrackThenKind);
  const missing = tracks.flatMap(gapsOf);
  const uploaders = tracks.map((t) => t.track).filter((track) => track !== COMPOSITE_TRACK && !record.participants.includes(track));
  return {
    recordingId: record.recordingId,
    createdAt: record.createdAt,
    finalizedAt: finalizedAt.toISOString(),
    startedBy: record.startedBy,
    participants: [...record.participants, ...new Set(uploaders)],
    clientMeta: record.clientMeta,
    tracks,
    missing,
  };
}
