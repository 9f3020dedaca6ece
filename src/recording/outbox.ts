import { Emitter, type Unsubscribe } from '../emitter.js';
import { CallError } from '../errors.js';
import { chunkId, chunkKeyPath, compareChunkKeys } from './chunk-key.js';
import type { ChunkKey, RecordedChunk, RecordingTarget } from './types.js';

export const OUTBOX_DATABASE = 'lifeline-recordings';
const STORE = 'chunks';
const KINDS = new Set(['video', 'audio', 'av']);

/** A chunk waiting for the sink's acknowledgement, and where it goes (so a reloaded page can send it). */
export interface OutboxEntry {
  chunk: RecordedChunk;
  target: RecordingTarget;
}

/** As stored: the chunk's own fields (the key path reads them), plus its target. */
type StoredChunk = RecordedChunk & { target: RecordingTarget };

export type OutboxStorage = 'indexeddb' | 'memory';

export interface ChunkOutboxOptions {
  /** Default: the page's `indexedDB`, when it has one; `null` keeps chunks in memory only. */
  indexedDB?: IDBFactory | null;
  /** Default `lifeline-recordings`. */
  databaseName?: string;
}

export type ChunkOutboxEvents = {
  /** `recording_storage_full`: a chunk could not be written to the device; it is kept in memory and uploaded anyway. */
  error: (error: CallError) => void;
  /** No IndexedDB here (some private modes): chunks live in memory only and do not survive a reload. */
  'memory-only': (reason: string) => void;
};

/**
 * The local store every recorded chunk goes into before it is uploaded, and stays in until the
 * sink has acknowledged it: IndexedDB database `lifeline-recordings`, keyed by
 * `[recordingId, track, kind, seq]`, so a reload or a crashed tab loses nothing.
 */
export class ChunkOutbox {
  private readonly emitter = new Emitter<ChunkOutboxEvents>();
  private readonly factory: IDBFactory | null;
  private readonly name: string;
  /** Chunks that are not on disk: all of them without IndexedDB, else those whose write failed. */
  private readonly memory = new Map<string, OutboxEntry>();
  private db: Promise<IDBDatabase | null> | null = null;
  private kind: OutboxStorage | null = null;

  constructor(options: ChunkOutboxOptions = {}) {
    this.factory = options.indexedDB === undefined ? pageIndexedDb() : options.indexedDB;
    this.name = options.databaseName ?? OUTBOX_DATABASE;
  }

  on<E extends keyof ChunkOutboxEvents>(event: E, listener: ChunkOutboxEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  /** Where chunks are kept; null until opened. `memory` means a reload loses what is not uploaded yet. */
  get storage(): OutboxStorage | null {
    return this.kind;
  }

  /** Opens (or creates) the database; falls back to memory, with a `memory-only` event, where there is none. */
  async open(): Promise<void> {
    await this.database();
  }

  /**
   * Stores a chunk. Resolves true once the write has committed to disk; false when it is kept in
   * memory only (no IndexedDB, or the write failed: then an `error` event says so).
   */
  async put(chunk: RecordedChunk, target: RecordingTarget): Promise<boolean> {
    checkKey(chunk, target);
    const id = chunkId(chunk);
    const db = await this.database();
    if (db) {
      try {
        await transact(db, 'readwrite', (store) => store.put(toStored(chunk, target)));
        this.memory.delete(id);
        return true;
      } catch (error) {
        this.emitter.emit('error', storageError(id, error));
      }
    }
    // Never lost silently: a chunk that is not on disk is still uploaded from here.
    this.memory.set(id, { chunk, target });
    return false;
  }

  async delete(key: ChunkKey): Promise<void> {
    this.memory.delete(chunkId(key));
    const db = await this.database();
    if (db) await transact(db, 'readwrite', (store) => store.delete(chunkKeyPath(key)));
  }

  /** Every chunk not yet acknowledged (of one recording, when given), by recordingId, track, kind, seq. */
  async pending(recordingId?: string): Promise<OutboxEntry[]> {
    const db = await this.database();
    // An array sorts after every string, so [id, []] bounds all keys that start with id.
    const range = () => (recordingId === undefined ? undefined : IDBKeyRange.bound([recordingId], [recordingId, []]));
    const stored = db ? await transact(db, 'readonly', (store) => store.getAll(range()) as IDBRequest<StoredChunk[]>) : [];
    const entries = new Map(stored.map((record) => [chunkId(record), fromStored(record)]));
    for (const [id, entry] of this.memory) {
      if (recordingId === undefined || entry.chunk.recordingId === recordingId) entries.set(id, entry);
    }
    return [...entries.values()].sort((a, b) => compareChunkKeys(a.chunk, b.chunk));
  }

  async stats(recordingId?: string): Promise<{ count: number; bytes: number }> {
    const entries = await this.pending(recordingId);
    return { count: entries.length, bytes: entries.reduce((sum, entry) => sum + entry.chunk.data.size, 0) };
  }

  /** Closes the database (what is in memory stays); any later call opens it again. */
  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    (await db)?.close();
  }

  private database(): Promise<IDBDatabase | null> {
    this.db ??= this.connect();
    return this.db;
  }

  private async connect(): Promise<IDBDatabase | null> {
    if (!this.factory) return this.fallBack('this browser offers no IndexedDB to this page');
    try {
      const db = await openDatabase(this.factory, this.name);
      // Another tab upgrading, or the browser clearing site data: let go, reopen on next use.
      db.onversionchange = () => {
        db.close();
        this.db = null;
      };
      db.onclose = () => (this.db = null);
      this.kind = 'indexeddb';
      return db;
    } catch (error) {
      return this.fallBack(`IndexedDB could not be opened (${describe(error)})`);
    }
  }

  private fallBack(reason: string): null {
    this.kind = 'memory';
    this.emitter.emit('memory-only', `Recorded chunks are kept in memory only: ${reason}. A reload before they are uploaded loses them.`);
    return null;
  }
}

function pageIndexedDb(): IDBFactory | null {
  try {
    return globalThis.indexedDB ?? null;
  } catch {
    // Firefox throws on access when the site may not store data.
    return null;
  }
}

function openDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: ['recordingId', 'track', 'kind', 'seq'] });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Resolves with the request's result once the transaction has committed (flushed to disk when writing). */
function transact<T>(db: IDBDatabase, mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    // `strict`: 'complete' only once the write is on disk, so a crash right after cannot lose it.
    const tx = db.transaction(STORE, mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
    const request = run(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onabort = tx.onerror = () => reject(tx.error ?? request.error ?? new DOMException('transaction aborted', 'AbortError'));
  });
}

function toStored(chunk: RecordedChunk, target: RecordingTarget): StoredChunk {
  // Only the contract's fields, so a host's extra properties can never make the record uncloneable.
  const { recordingId, track, kind, seq, mimeType, data, startedAt, durationMs } = chunk;
  return { recordingId, track, kind, seq, mimeType, data, startedAt, durationMs, target: { ...target } };
}

function fromStored({ target, ...chunk }: StoredChunk): OutboxEntry {
  return { chunk, target };
}

function checkKey(chunk: RecordedChunk, target: RecordingTarget): void {
  const valid =
    typeof chunk.recordingId === 'string' &&
    chunk.recordingId !== '' &&
    chunk.recordingId === target.recordingId &&
    typeof chunk.track === 'string' &&
    chunk.track !== '' &&
    KINDS.has(chunk.kind) &&
    Number.isSafeInteger(chunk.seq) &&
    chunk.seq >= 0 &&
    chunk.data instanceof Blob;
  if (!valid) throw new CallError('invalid_config', `Not a chunk this outbox can keep: ${chunkId(chunk)} for recording ${target.recordingId}.`);
}

function storageError(id: string, error: unknown): CallError {
  const full = (error as DOMException | null)?.name === 'QuotaExceededError';
  const why = full ? "this site's storage on the device is full" : `the browser refused the write (${describe(error)})`;
  return new CallError(
    'recording_storage_full',
    `Chunk ${id} could not be saved on this device: ${why}. It is kept in memory and uploaded, but lost if the page closes first.`,
    { cause: error },
  );
}

function describe(error: unknown): string {
  return error instanceof Error || error instanceof DOMException ? `${error.name}: ${error.message}` : String(error);
}
