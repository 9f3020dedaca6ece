import { access, copyFile, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { ChunkKey } from '../src/recording/types.js';
import { temporaryBeside, writeAtomically } from './atomic-file.js';
import type { ReceivedChunk } from './chunk-file.js';
import type { ChunkMeta, RecordingManifest, RecordingRecord, StoredChunk } from './recording-manifest.js';

// Where the sink keeps recordings. The sink validates every key before it gets here and keeps
// one writer per key within its process; a storage makes each write all-or-nothing.

export type PutOutcome = 'created' | 'exists' | 'conflict';

/**
 * The sink's storage, pluggable: `DiskStorage` by default, or your own (an object store) passed
 * as the sink's `storage` option. Every method may be called again after a server restart.
 */
export interface RecordingStorage {
  /** Keeps a new recording's record (its token hash, participants, meta). */
  createRecording(record: RecordingRecord): Promise<void>;
  readRecording(recordingId: string): Promise<RecordingRecord | null>;
  /**
   * Stores a chunk unless its key is taken: 'exists' when the stored chunk has the same
   * `chunk.sha256` (hex SHA-256 computed by the sink as the body arrived), 'conflict' when it
   * differs. The bytes are in the flushed temporary file `chunk.path`: stream it, or move it into
   * place; the sink removes it after `put` if it is still there. A chunk is either wholly stored
   * at its key or not at all, even if the process dies mid-write.
   */
  put(key: ChunkKey, chunk: ReceivedChunk, meta: ChunkMeta): Promise<PutOutcome>;
  head(key: ChunkKey): Promise<StoredChunk | null>;
  /** Every stored chunk of the recording, in any order. */
  list(recordingId: string): Promise<StoredChunk[]>;
  /** Closes the recording: once a manifest is stored, no chunk is accepted. */
  writeManifest(recordingId: string, manifest: RecordingManifest): Promise<void>;
  readManifest(recordingId: string): Promise<RecordingManifest | null>;
  /** Ids of the recordings without a manifest, for the sweep that finalizes those left open too long. */
  openRecordings(): Promise<string[]>;
}

const EXTENSIONS: Record<string, string> = { webm: 'webm', mp4: 'mp4', ogg: 'ogg' };

/** `video/webm;codecs=vp8` -> `webm`; a type without a known container -> `bin`. */
export function chunkExtension(mimeType: string): string {
  const subtype = mimeType.split(';')[0].trim().toLowerCase().split('/')[1] ?? '';
  return EXTENSIONS[subtype] ?? 'bin';
}

/** Chunks have a folder of their own, so no track name (`manifest.json` is a valid id) can meet the recording's own files. */
const CHUNKS_FOLDER = 'chunks';

/**
 * `{folder}/{recordingId}/recording.json` and `manifest.json`, and each chunk at
 * `{recordingId}/chunks/{track}/{kind}/{seq}.{ext}` with its `{seq}.json` beside it. The JSON
 * file is written last, so a chunk counts as stored only once both are complete.
 */
export class DiskStorage implements RecordingStorage {
  readonly folder: string;

  constructor(folder: string) {
    this.folder = resolve(folder);
  }

  async createRecording(record: RecordingRecord): Promise<void> {
    await writeAtomically(this.path(record.recordingId, 'recording.json'), JSON.stringify(record));
  }

  readRecording(recordingId: string): Promise<RecordingRecord | null> {
    return readJson(this.path(recordingId, 'recording.json'));
  }

  async put(key: ChunkKey, chunk: ReceivedChunk, meta: ChunkMeta): Promise<PutOutcome> {
    const stored = await this.head(key);
    if (stored) return stored.sha256 === chunk.sha256 ? 'exists' : 'conflict';
    const file = `${CHUNKS_FOLDER}/${key.track}/${key.kind}/${key.seq}.${chunkExtension(meta.mimeType)}`;
    const sidecar: StoredChunk = { track: key.track, kind: key.kind, seq: key.seq, file, bytes: chunk.bytes, ...meta, sha256: chunk.sha256 };
    await moveInto(chunk.path, this.path(key.recordingId, file));
    await writeAtomically(this.sidecar(key), JSON.stringify(sidecar));
    return 'created';
  }

  head(key: ChunkKey): Promise<StoredChunk | null> {
    return readJson(this.sidecar(key));
  }

  async list(recordingId: string): Promise<StoredChunk[]> {
    const chunks: StoredChunk[] = [];
    for (const track of await subfolders(this.path(recordingId, CHUNKS_FOLDER))) {
      for (const kind of await subfolders(this.path(recordingId, CHUNKS_FOLDER, track))) {
        const names = await readdir(this.path(recordingId, CHUNKS_FOLDER, track, kind));
        for (const name of names.filter((n) => /^\d+\.json$/.test(n))) {
          const chunk = await readJson<StoredChunk>(this.path(recordingId, CHUNKS_FOLDER, track, kind, name));
          if (chunk) chunks.push(chunk);
        }
      }
    }
    return chunks;
  }

  async writeManifest(recordingId: string, manifest: RecordingManifest): Promise<void> {
    await writeAtomically(this.path(recordingId, 'manifest.json'), JSON.stringify(manifest, null, 2));
  }

  readManifest(recordingId: string): Promise<RecordingManifest | null> {
    return readJson(this.path(recordingId, 'manifest.json'));
  }

  async openRecordings(): Promise<string[]> {
    const open: string[] = [];
    // Hidden folders are the sink's own (uploads in transit), never a recording.
    for (const recordingId of (await subfolders(this.folder)).filter((name) => !name.startsWith('.'))) {
      if ((await exists(this.path(recordingId, 'recording.json'))) && !(await exists(this.path(recordingId, 'manifest.json')))) open.push(recordingId);
    }
    return open;
  }

  private sidecar(key: ChunkKey): string {
    return this.path(key.recordingId, CHUNKS_FOLDER, key.track, key.kind, `${key.seq}.json`);
  }

  /** A path inside the recording's folder, or a throw: the sink's checks, once more. */
  private path(recordingId: string, ...parts: string[]): string {
    const recording = resolve(this.folder, recordingId);
    const path = resolve(recording, ...parts);
    if (dirname(recording) !== this.folder || (path !== recording && !path.startsWith(recording + sep))) {
      throw new Error('recording path outside its folder');
    }
    return path;
  }
}

/**
 * Moves a flushed file to its place: a rename, all-or-nothing, or across disks a copy beside the
 * target renamed over it.
 */
async function moveInto(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  try {
    return await rename(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const temporary = temporaryBeside(target);
  try {
    await copyFile(source, temporary);
    const handle = await open(temporary, 'r+');
    await handle.datasync().finally(() => handle.close());
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function subfolders(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}
