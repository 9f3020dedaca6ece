import { Emitter, disposeAll, forward, type Unsubscribe } from '../emitter.js';
import { CallError } from '../errors.js';
import { chunkId, compareChunkKeys, compareForUpload, keyOf } from './chunk-key.js';
import { RecordingUploadError, deliverChunk, type Delivery } from './chunk-request.js';
import { browserOnlineSource, type OnlineSource } from './online-source.js';
import type { ChunkOutbox, OutboxEntry } from './outbox.js';
import { DEFAULT_UPLOAD_RETRY_POLICY, backoffDelayMs, requestTimeoutMs, type UploadRetryPolicy } from './upload-policy.js';
import type { RecordedChunk, RecordingTarget } from './types.js';
import type { ChunkUploaderEvents, ChunkUploaderOptions, StuckChunk, UploadProgress } from './uploader-types.js';

interface Entry extends OutboxEntry {
  attempts: number;
  conflicts: number;
  stuck: RecordingUploadError | null;
}

/** One `start()` to `stop()`: what it loaded, and the recordings it is draining. */
interface Run {
  loading: Promise<void>;
  lanes: Set<string>;
}

interface Flush {
  recordingId: string | undefined;
  resolve: () => void;
  reject: (error: CallError) => void;
}

/**
 * Drains the outbox to the sink. Each recording is one lane: one upload at a time, oldest seq
 * first, so the sink always holds a prefix of the recording (audio and video alike) and a thin
 * uplink is not split between chunks that each arrive later. Recordings drain side by side, so
 * one whose sink is failing does not hold up another. A chunk leaves the outbox only when the
 * sink has acknowledged it; retryable failures back off with full jitter and never give up; a
 * 4xx stays on the device as stuck.
 */
export class ChunkUploader {
  private readonly emitter = new Emitter<ChunkUploaderEvents>();
  private readonly outbox: ChunkOutbox;
  private readonly policy: UploadRetryPolicy;
  private readonly online: OnlineSource;
  private readonly entries = new Map<string, Entry>();
  /** Recordings waiting out a backoff. */
  private readonly retrying = new Set<string>();
  /** Resolves every pause at once: on `online`, and on `stop()`. */
  private readonly wakers = new Set<() => void>();
  private readonly requests = new Set<AbortController>();
  private readonly subscriptions: Unsubscribe[] = [];
  private flushes: Flush[] = [];
  private run: Run | null = null;
  private uploaded = { chunks: 0, bytes: 0, at: null as number | null };

  constructor(private readonly options: ChunkUploaderOptions) {
    this.outbox = options.outbox;
    this.policy = { ...DEFAULT_UPLOAD_RETRY_POLICY, ...options.policy };
    this.online = options.online ?? browserOnlineSource;
    // A chunk the device could not store is news for whoever watches the uploads.
    forward(this.outbox, this.emitter, ['error']);
  }

  on<E extends keyof ChunkUploaderEvents>(event: E, listener: ChunkUploaderEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  get progress(): UploadProgress {
    const entries = [...this.entries.values()];
    return {
      pendingChunks: entries.length,
      pendingBytes: entries.reduce((sum, entry) => sum + entry.chunk.data.size, 0),
      stuckChunks: entries.filter((entry) => entry.stuck).length,
      uploadedChunks: this.uploaded.chunks,
      uploadedBytes: this.uploaded.bytes,
      lastUploadAt: this.uploaded.at,
      retrying: this.retrying.size > 0,
      offline: !this.online.isOnline(),
    };
  }

  /** Starts uploading, beginning with whatever the outbox still holds (from before a reload or a crash). */
  start(): Promise<void> {
    if (this.run) return this.run.loading;
    this.subscriptions.push(this.online.onChange((online) => this.onlineChanged(online)));
    const run: Run = { lanes: new Set(), loading: Promise.resolve() };
    this.run = run;
    const loading = this.outbox.pending().then((entries) => {
      if (this.run !== run) return;
      for (const entry of entries) this.track(entry);
      for (const recordingId of new Set(entries.map((entry) => entry.chunk.recordingId))) void this.drain(run, recordingId);
      this.emitProgress();
    });
    // Enqueues wait for the replay to be loaded, whether or not it could be.
    run.loading = loading.catch(() => undefined);
    return loading;
  }

  /**
   * Stores the chunk in the outbox (committed to disk before anything else happens) and, when
   * started, schedules its upload. Stopped, it only stores it, for the next `start()`.
   */
  async enqueue(chunk: RecordedChunk, target: RecordingTarget): Promise<void> {
    await this.outbox.put(chunk, target);
    const run = this.run;
    if (!run) return;
    await run.loading;
    if (this.run !== run) return;
    this.track({ chunk, target });
    void this.drain(run, chunk.recordingId);
    this.emitProgress();
  }

  /**
   * Resolves once every chunk (of one recording, when given) that this uploader knows of is
   * acknowledged. Rejects with `recording_upload_failed` when the rest are stuck, and with
   * `invalid_state` when the uploader is stopped first.
   */
  async flush(recordingId?: string): Promise<void> {
    const run = this.run;
    if (!run) throw new CallError('invalid_state', 'flush() needs a started uploader: call start() first.');
    await run.loading;
    if (this.run !== run) throw stoppedError();
    return new Promise((resolve, reject) => {
      this.flushes.push({ recordingId, resolve, reject });
      this.settleFlushes();
    });
  }

  /** The chunks the sink refused, in key order, so a host can export them (`chunk.data` is the Blob). */
  stuck(recordingId?: string): StuckChunk[] {
    return [...this.entries.values()]
      .filter((entry) => entry.stuck && (recordingId === undefined || entry.chunk.recordingId === recordingId))
      .sort((a, b) => compareChunkKeys(a.chunk, b.chunk))
      .map(({ chunk, target, stuck }) => ({ chunk, target, error: stuck! }));
  }

  /** Stops at once: aborts uploads in flight, whose chunks stay in the outbox for the next `start()`. Idempotent. */
  stop(): void {
    if (!this.run) return;
    this.run = null;
    disposeAll(this.subscriptions);
    for (const request of this.requests) request.abort(new DOMException('The uploader stopped', 'AbortError'));
    for (const wake of [...this.wakers]) wake();
    this.entries.clear();
    this.retrying.clear();
    for (const flush of this.flushes.splice(0)) flush.reject(stoppedError());
  }

  private track({ chunk, target }: OutboxEntry): void {
    const entry = this.entries.get(chunkId(chunk));
    // Enqueued again (say with a fresh token): a stuck chunk gets a new chance.
    if (entry) Object.assign(entry, { chunk, target, conflicts: 0, stuck: null });
    else this.entries.set(chunkId(chunk), { chunk, target, attempts: 0, conflicts: 0, stuck: null });
  }

  /** The next chunk of a recording to send: the oldest one not stuck. */
  private next(recordingId: string): Entry | undefined {
    let next: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.stuck || entry.chunk.recordingId !== recordingId) continue;
      if (!next || compareForUpload(entry.chunk, next.chunk) < 0) next = entry;
    }
    return next;
  }

  /** One lane per recording: a no-op when its lane is already running. */
  private async drain(run: Run, recordingId: string): Promise<void> {
    if (run.lanes.has(recordingId)) return;
    run.lanes.add(recordingId);
    try {
      for (let entry = this.next(recordingId); entry && this.run === run; entry = this.next(recordingId)) {
        if (!this.online.isOnline()) {
          await this.pause(null);
          continue;
        }
        const delayMs = await this.attempt(entry);
        if (delayMs === null || this.run !== run) continue;
        this.retrying.add(recordingId);
        this.emitProgress();
        await this.pause(delayMs);
        this.retrying.delete(recordingId);
      }
    } finally {
      run.lanes.delete(recordingId);
    }
  }

  /** Tries a chunk once; returns how long to wait before trying it again, or null when it is done with. */
  private async attempt(entry: Entry): Promise<number | null> {
    const controller = new AbortController();
    const stalled = this.setTimer(
      () => controller.abort(new DOMException('The upload stalled', 'TimeoutError')),
      requestTimeoutMs(this.policy, entry.chunk.data.size),
    );
    this.requests.add(controller);
    let delivery: Delivery;
    try {
      // The page's fetch must be called as itself, not as a method of the options object.
      const send: typeof fetch = this.options.fetch ?? ((input, init) => fetch(input, init));
      delivery = await deliverChunk(entry.chunk, entry.target, { fetch: send, now: this.now, signal: controller.signal });
    } catch (error) {
      delivery = { outcome: 'retry', status: null, retryAfterMs: null, reason: String(error) };
    } finally {
      this.clearTimer(stalled);
      this.requests.delete(controller);
    }
    if (delivery.outcome === 'stored') return this.acknowledged(entry);
    if (delivery.outcome === 'rejected') return this.stick(entry, delivery.status, delivery.reason);
    if (delivery.outcome === 'conflict' && ++entry.conflicts > this.policy.conflictRetries) return this.stick(entry, 409, delivery.reason);
    const status = delivery.outcome === 'retry' ? delivery.status : 409;
    const delayMs = backoffDelayMs(
      this.policy,
      ++entry.attempts,
      this.options.random ?? Math.random,
      delivery.outcome === 'retry' ? delivery.retryAfterMs : null,
    );
    this.emitter.emit('retry', { key: keyOf(entry.chunk), status, attempt: entry.attempts, delayMs, reason: delivery.reason });
    return delayMs;
  }

  private async acknowledged(entry: Entry): Promise<null> {
    try {
      await this.outbox.delete(entry.chunk);
    } catch {
      // Still on disk: the next start() sends it again, and the sink answers 200 (same bytes).
    }
    this.entries.delete(chunkId(entry.chunk));
    this.uploaded.chunks += 1;
    this.uploaded.bytes += entry.chunk.data.size;
    this.uploaded.at = this.now();
    this.emitter.emit('uploaded', keyOf(entry.chunk));
    this.changed();
    return null;
  }

  private stick(entry: Entry, status: number, reason: string): null {
    const { recordingId, track, kind, seq } = entry.chunk;
    entry.stuck = new RecordingUploadError(
      keyOf(entry.chunk),
      status,
      `The sink refused chunk ${track}/${kind}/${seq} of recording ${recordingId} (${reason}). It stays on this device; export it with stuck().`,
    );
    this.emitter.emit('error', entry.stuck);
    this.changed();
    return null;
  }

  private changed(): void {
    this.emitProgress();
    this.settleFlushes();
  }

  private settleFlushes(): void {
    this.flushes = this.flushes.filter((flush) => {
      const mine = [...this.entries.values()].filter((entry) => flush.recordingId === undefined || entry.chunk.recordingId === flush.recordingId);
      if (mine.some((entry) => !entry.stuck)) return true;
      if (mine.length === 0) flush.resolve();
      else {
        const which = flush.recordingId === undefined ? '' : ` of recording ${flush.recordingId}`;
        const message = `${mine.length} chunk(s)${which} were refused by the sink and stay on this device; see stuck().`;
        flush.reject(new CallError('recording_upload_failed', message, { cause: mine[0].stuck }));
      }
      return false;
    });
  }

  private onlineChanged(online: boolean): void {
    // Back online: every lane tries at once, whatever is left of its backoff.
    if (online) for (const wake of [...this.wakers]) wake();
    this.emitProgress();
  }

  /** Waits `ms`, or until woken; null: only until woken. */
  private pause(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      let timer: unknown = null;
      const wake = () => {
        if (timer !== null) this.clearTimer(timer);
        this.wakers.delete(wake);
        resolve();
      };
      if (ms !== null) timer = this.setTimer(wake, ms);
      this.wakers.add(wake);
    });
  }

  private emitProgress(): void {
    this.emitter.emit('progress', this.progress);
  }

  private readonly now = () => (this.options.now ?? Date.now)();

  private setTimer(run: () => void, ms: number): unknown {
    return (this.options.setTimer ?? ((f, delay) => setTimeout(f, delay)))(run, ms);
  }

  private clearTimer(timer: unknown): void {
    (this.options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>)))(timer);
  }
}

function stoppedError(): CallError {
  return new CallError('invalid_state', 'The uploader stopped before everything was delivered; the rest stays in the outbox for the next start().');
}
