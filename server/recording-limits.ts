import type { ChunkKey } from '../src/recording/types.js';
import type { StoredChunk } from './recording-manifest.js';

// What one recording may hold, beyond the size of each chunk: a token holder may send any key,
// and a recording's cost (its storage listing, its manifest, its finalize) follows its tracks
// and chunks, so both are bounded far above what a recorder makes.

export interface RecordingLimits {
  /**
   * Most seq numbers a chunk may skip past the last one stored on its track and kind (a track's
   * first chunk counts from -1): a chunk past that is refused with 422 `seq_gap_too_large`.
   * Chunks below the last stored one fill a gap and are always taken.
   */
  maxSeqGap: number;
  /** Most tracks per recording, each a (track, kind) pair as the manifest lists them: 422 `too_many_tracks`. */
  maxTracks: number;
}

/**
 * A gap of 3,600 is an hour of 1 s chunks (the shortest a recorder makes) or 30 hours of the
 * default 30 s ones lost in a row; a 4-hour interview is 480 chunks a track. A call's tracks are
 * the composite and one or two per participant, 4 at a time.
 */
export const DEFAULT_RECORDING_LIMITS: Readonly<RecordingLimits> = Object.freeze({ maxSeqGap: 3_600, maxTracks: 32 });

export type RecordingLimitRefusal = 'seq_gap_too_large' | 'too_many_tracks';

/** The limits with any of them overridden, checked: a limit that is not a whole number would let everything in. */
export function recordingLimits(overrides: Partial<RecordingLimits> = {}): RecordingLimits {
  const limits = { ...DEFAULT_RECORDING_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`Recording sink: limits.${name} must be a whole number, not ${value}.`);
  }
  return limits;
}

/** How many open recordings' tracks are kept in memory; one past it is forgotten and read again from storage when next needed. */
const LEDGER_RECORDINGS = 1_000;

/**
 * Each open recording's tracks and the last seq stored on each, read from storage once per
 * process (so the limits hold across a restart) and then kept up to date, so a PUT is checked
 * without listing the recording's chunks.
 */
export class RecordingTrackLedger {
  private readonly recordings = new Map<string, Promise<Map<string, number>>>();

  constructor(
    private readonly limits: RecordingLimits,
    private readonly list: (recordingId: string) => Promise<StoredChunk[]>,
  ) {}

  /** The limit a chunk at this key would pass, or null. */
  async refusal(key: ChunkKey): Promise<RecordingLimitRefusal | null> {
    return refusalIn(await this.tracksOf(key.recordingId), key, this.limits);
  }

  /**
   * Checks the chunk again and counts it at once, before it is stored, so concurrent PUTs see
   * it. A write that then fails leaves it counted: the recording may end one track short.
   */
  async admit(key: ChunkKey): Promise<RecordingLimitRefusal | null> {
    const tracks = await this.tracksOf(key.recordingId);
    const refusal = refusalIn(tracks, key, this.limits);
    const last = tracks.get(trackId(key));
    if (!refusal && (last === undefined || key.seq > last)) tracks.set(trackId(key), key.seq);
    return refusal;
  }

  /** Drops a finalized recording: no chunk is taken for it any more. */
  forget(recordingId: string): void {
    this.recordings.delete(recordingId);
  }

  private tracksOf(recordingId: string): Promise<Map<string, number>> {
    let tracks = this.recordings.get(recordingId);
    // Taken out and put back, so the Map's order is least recently used first.
    this.recordings.delete(recordingId);
    if (!tracks) {
      tracks = this.list(recordingId).then(lastSeqs);
      tracks.catch(() => this.recordings.get(recordingId) === tracks && this.recordings.delete(recordingId));
    }
    this.recordings.set(recordingId, tracks);
    if (this.recordings.size > LEDGER_RECORDINGS) this.recordings.delete(this.recordings.keys().next().value!);
    return tracks;
  }
}

const trackId = (key: Pick<ChunkKey, 'track' | 'kind'>) => `${key.track}/${key.kind}`;

function lastSeqs(chunks: StoredChunk[]): Map<string, number> {
  const tracks = new Map<string, number>();
  for (const chunk of chunks) tracks.set(trackId(chunk), Math.max(chunk.seq, tracks.get(trackId(chunk)) ?? -1));
  return tracks;
}

function refusalIn(tracks: Map<string, number>, key: ChunkKey, limits: RecordingLimits): RecordingLimitRefusal | null {
  const last = tracks.get(trackId(key));
  if (last === undefined && tracks.size >= limits.maxTracks) return 'too_many_tracks';
  if (key.seq - (last ?? -1) - 1 > limits.maxSeqGap) return 'seq_gap_too_large';
  return null;
}
