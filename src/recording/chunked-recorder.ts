import { Emitter, type Unsubscribe } from '../emitter.js';
import { CallError } from '../errors.js';
import { timesliceFor, type RecordingFormat } from './format.js';
import type { ChunkKey, RecordedChunk } from './types.js';
import { withWebmDuration } from './webm-duration.js';

export interface ChunkedRecorderOptions {
  /** Whose chunks these are; each gets its `seq` at hand-over. */
  key: Omit<ChunkKey, 'seq'>;
  stream: MediaStream;
  format: RecordingFormat;
  /** How long each chunk runs before the next recorder takes over. */
  chunkMs: number;
  /** Takes each chunk, in order; the next one waits until this one's promise settles. */
  onChunk: (chunk: RecordedChunk) => Promise<void> | void;
  /**
   * Numbers the chunks, at hand-over; by default 0, 1, 2, ... Recorders that take turns on one
   * track (a voice that left and came back) share one counter, so numbers never repeat.
   */
  takeSeq?: () => number;
  createRecorder?: (stream: MediaStream, options: MediaRecorderOptions) => MediaRecorder;
  now?: () => number;
}

type ChunkedRecorderEvents = {
  /** A chunk that `onChunk` took. */
  chunk: (chunk: RecordedChunk) => void;
  error: (error: CallError) => void;
};

interface Segment {
  recorder: MediaRecorder;
  startedAt: number;
  /** When this side asked it to stop (the chunk's end); unset when it stopped by itself. */
  endedAt?: number;
  /** Resolves with the chunk (still unnumbered) once the recorder has stopped and given its last data. */
  done: Promise<Pick<RecordedChunk, 'mimeType' | 'data' | 'startedAt' | 'durationMs'>>;
}

/**
 * Records a stream as a series of chunks, each from a MediaRecorder of its own so that every
 * chunk is a whole file (headers included) that plays without the others. At each rotation
 * the next recorder starts before the current one stops, so no moment of the stream falls
 * between two chunks. Chunks are handed over strictly in order.
 */
export class ChunkedRecorder {
  private readonly emitter = new Emitter<ChunkedRecorderEvents>();
  private readonly options: ChunkedRecorderOptions;
  private current: Segment | null = null;
  private readonly takeSeq: () => number;
  /** The hand-over chain: each chunk is handed over after the one before it. */
  private handedOver: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | null = null;

  constructor(options: ChunkedRecorderOptions) {
    this.options = options;
    let next = 0;
    this.takeSeq = options.takeSeq ?? (() => next++);
  }

  on<E extends keyof ChunkedRecorderEvents>(event: E, listener: ChunkedRecorderEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  get recording(): boolean {
    return this.current !== null && this.stopping === null;
  }

  start(): void {
    if (this.current || this.stopping) throw new CallError('invalid_state', 'This recorder has already started.');
    this.current = this.begin();
  }

  /**
   * Ends the current chunk and starts the next one without a gap. The owner calls it every
   * `chunkMs` from a clock that hidden tabs do not throttle (see Ticker).
   */
  rotate(): void {
    const ending = this.current;
    if (!ending || this.stopping) return;
    this.current = this.begin();
    this.finish(ending);
  }

  /** Whether the current chunk has run its length. */
  due(): boolean {
    return this.current !== null && this.now() - this.current.startedAt >= this.options.chunkMs;
  }

  /** Stops recording; resolves once the last chunk has been handed over (and `onChunk` settled). */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    const ending = this.current;
    if (ending) this.finish(ending);
    this.stopping = this.handedOver;
    return this.stopping;
  }

  private begin(): Segment {
    const { stream, format } = this.options;
    const create = this.options.createRecorder ?? ((s, o) => new MediaRecorder(s, o));
    let recorder: MediaRecorder;
    try {
      recorder = create(stream, { mimeType: format.mimeType });
    } catch (error) {
      throw new CallError('recording_unsupported', `This browser refused to record ${format.mimeType}: ${(error as Error).message}`, { cause: error });
    }
    const parts: Blob[] = [];
    const segment = { recorder, startedAt: this.now() } as Segment;
    segment.done = new Promise((resolve) => {
      recorder.ondataavailable = (event) => {
        if (event.data.size > 0) parts.push(event.data);
      };
      // A recorder also stops by itself when its stream ends (the call is over, a device lost).
      recorder.onstop = () => {
        // Timed from the stop request, not from this event, which comes later under load.
        const durationMs = Math.max(0, (segment.endedAt ?? this.now()) - segment.startedAt);
        const mimeType = recorder.mimeType || format.mimeType;
        // A whole file with its length in its header, not a live stream that ends abruptly.
        const whole = new Blob(parts, { type: mimeType });
        void withWebmDuration(whole, durationMs)
          .catch(() => whole)
          .then((data) => resolve({ mimeType, data, startedAt: segment.startedAt, durationMs }));
      };
      recorder.onerror = (event) => {
        const cause = (event as Event & { error?: DOMException }).error;
        this.emitter.emit('error', new CallError('recording_failed', `Recording failed: ${cause?.message ?? 'unknown error'}`, { cause }));
      };
    });
    recorder.start(timesliceFor(this.options.chunkMs));
    return segment;
  }

  private finish(segment: Segment): void {
    if (this.current === segment) this.current = null;
    segment.endedAt ??= this.now();
    if (segment.recorder.state !== 'inactive') segment.recorder.stop();
    const previous = this.handedOver;
    this.handedOver = previous.then(async () => {
      const recorded = await segment.done;
      // A recorder stopped moments after it started (a stop right after a rotation) may have
      // encoded nothing: no file, and no number, so the numbers stay contiguous.
      if (recorded.data.size === 0) return;
      const chunk: RecordedChunk = { ...this.options.key, seq: this.takeSeq(), ...recorded };
      try {
        await this.options.onChunk(chunk);
        this.emitter.emit('chunk', chunk);
      } catch (error) {
        this.emitter.emit('error', new CallError('recording_failed', `Chunk ${chunk.seq} could not be stored: ${(error as Error).message}`, { cause: error }));
      }
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
