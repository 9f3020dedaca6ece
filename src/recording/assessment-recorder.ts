import { Emitter, forward, type Unsubscribe } from '../emitter.js';
import type { CallError } from '../errors.js';
import { ChunkedRecorder } from './chunked-recorder.js';
import { checkChunkMs, chooseFormat, type RecordingFormat } from './format.js';
import { Ticker } from './ticker.js';
import type { RecordedChunk } from './types.js';

export interface AssessmentRecorderOptions {
  /** The camera and microphone of the one person being recorded. */
  stream: MediaStream;
  recordingId: string;
  /** Whose recording this is (the chunk key's track); `self` by default. */
  track?: string;
  /** Length of each chunk (DEFAULT_CHUNK_OPTIONS). */
  chunkMs?: number;
  /** Takes each chunk, in order (the outbox); `stop()` waits for the last one to be taken. */
  onChunk: (chunk: RecordedChunk) => Promise<void> | void;
  /** `MediaRecorder.isTypeSupported` by default. */
  isTypeSupported?: (type: string) => boolean;
  createRecorder?: (stream: MediaStream, options: MediaRecorderOptions) => MediaRecorder;
}

type AssessmentRecorderEvents = {
  chunk: (chunk: RecordedChunk) => void;
  error: (error: CallError) => void;
};

/**
 * Records one person in front of the camera (a self-assessment, a recorded interview answer):
 * one recorder for the combined stream, chunked. `stop()` resolves only once the last chunk has
 * been handed over, so the page knows when it may release the camera.
 */
export class AssessmentRecorder {
  readonly format: RecordingFormat;
  private readonly emitter = new Emitter<AssessmentRecorderEvents>();
  private readonly recorder: ChunkedRecorder;
  private readonly ticker: Ticker;

  constructor(options: AssessmentRecorderOptions) {
    const chunkMs = checkChunkMs(options.chunkMs);
    this.format = chooseFormat('av', options.isTypeSupported ?? globalThis.MediaRecorder?.isTypeSupported?.bind(MediaRecorder));
    this.recorder = new ChunkedRecorder({
      key: { recordingId: options.recordingId, track: options.track ?? 'self', kind: 'av' },
      stream: options.stream,
      format: this.format,
      chunkMs,
      createRecorder: options.createRecorder,
      onChunk: options.onChunk,
    });
    forward(this.recorder, this.emitter, ['chunk', 'error']);
    // Checked a few times a second, so a chunk runs its length within a quarter second.
    this.ticker = new Ticker(250, () => this.recorder.due() && this.recorder.rotate());
  }

  on<E extends keyof AssessmentRecorderEvents>(event: E, listener: AssessmentRecorderEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  get recording(): boolean {
    return this.recorder.recording;
  }

  start(): void {
    this.recorder.start();
    this.ticker.start();
  }

  /** Ends the recording; resolves after the last chunk has been handed to `onChunk`. */
  async stop(): Promise<void> {
    this.ticker.stop();
    await this.recorder.stop();
  }
}
