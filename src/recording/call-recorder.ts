import { Emitter, forward, type Unsubscribe } from '../emitter.js';
import type { CallError } from '../errors.js';
import { ChunkedRecorder } from './chunked-recorder.js';
import { checkChunkMs, chooseFormat, type RecordingFormat } from './format.js';
import { GridCompositor, type GridCompositorOptions } from './grid-compositor.js';
import { Ticker } from './ticker.js';
import { COMPOSITE_TRACK, type ChunkKind, type RecordedChunk } from './types.js';

/** One person in the call as the recorder sees them: their id, name and media. */
export interface CallParticipantMedia {
  id: string;
  name: string;
  stream: MediaStream | null;
  /**
   * A shared screen (`id` is its sharer's, with `#screen`): drawn in the composite's large cell,
   * and not recorded as a voice of its own.
   */
  screen?: boolean;
}

export interface CallRecorderOptions {
  recordingId: string;
  /** Length of each chunk (DEFAULT_CHUNK_OPTIONS). */
  chunkMs?: number;
  /** Takes each chunk (the outbox); `stop()` waits until the last one has been taken. */
  onChunk: (chunk: RecordedChunk) => Promise<void> | void;
  compositor?: GridCompositorOptions;
  isTypeSupported?: (type: string) => boolean;
  createRecorder?: (stream: MediaStream, options: MediaRecorderOptions) => MediaRecorder;
}

type CallRecorderEvents = {
  chunk: (chunk: RecordedChunk) => void;
  error: (error: CallError) => void;
};

/**
 * Records a call as one composite video (every participant in a grid, with names) and one audio
 * recording per participant, so each speaker can be transcribed on their own. Participants come
 * and go during the recording: each voice is recorded while its owner is there, and a voice that
 * comes back goes on with the next chunk number.
 */
export class CallRecorder {
  readonly videoFormat: RecordingFormat;
  readonly audioFormat: RecordingFormat;
  readonly compositor: GridCompositor;
  private readonly options: CallRecorderOptions;
  private readonly chunkMs: number;
  private readonly emitter = new Emitter<CallRecorderEvents>();
  private readonly ticker: Ticker;
  private composite: ChunkedRecorder | null = null;
  /** Each participant's voice recorder, and the audio track it records. */
  private readonly voices = new Map<string, { recorder: ChunkedRecorder; track: MediaStreamTrack }>();
  /** The next chunk number of every track ever recorded, so a returning voice goes on counting. */
  private readonly nextSeq = new Map<string, number>();
  private participants: CallParticipantMedia[] = [];
  private finishing: Promise<void>[] = [];
  private state: 'idle' | 'recording' | 'stopped' = 'idle';

  constructor(options: CallRecorderOptions) {
    this.options = options;
    this.chunkMs = checkChunkMs(options.chunkMs);
    const isTypeSupported = options.isTypeSupported ?? globalThis.MediaRecorder?.isTypeSupported?.bind(MediaRecorder);
    this.videoFormat = chooseFormat('video', isTypeSupported);
    this.audioFormat = chooseFormat('audio', isTypeSupported);
    this.compositor = new GridCompositor(options.compositor);
    // Also picks up a voice whose track arrived after its stream, or ended.
    this.ticker = new Ticker(250, () => {
      this.syncVoices();
      this.rotateDue();
    });
  }

  on<E extends keyof CallRecorderEvents>(event: E, listener: CallRecorderEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  get recording(): boolean {
    return this.state === 'recording';
  }

  /** Who is in the call now (the local person included), in the order the grid shows them. */
  setParticipants(participants: CallParticipantMedia[]): void {
    this.participants = participants;
    this.compositor.setTiles(participants);
    if (this.state === 'recording') this.syncVoices();
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'recording';
    this.compositor.start();
    this.composite = this.recorderFor(COMPOSITE_TRACK, 'video', this.compositor.stream, this.videoFormat);
    this.composite.start();
    this.syncVoices();
    this.ticker.start();
  }

  /** Ends the recording; resolves after every track's last chunk has been handed over. */
  async stop(): Promise<void> {
    if (this.state !== 'recording') return;
    this.state = 'stopped';
    this.ticker.stop();
    const last = [this.composite?.stop(), ...[...this.voices.values()].map(({ recorder }) => recorder.stop())];
    this.voices.clear();
    await Promise.all([...last, ...this.finishing]);
    this.compositor.stop();
  }

  /** Starts a voice recorder for each participant with a live audio track, and ends the others'. */
  private syncVoices(): void {
    const wanted = new Map<string, MediaStreamTrack>();
    for (const { id, stream, screen } of this.participants) {
      if (screen) continue;
      const track = stream?.getAudioTracks().find((t) => t.readyState === 'live');
      if (track) wanted.set(id, track);
    }
    for (const [id, voice] of this.voices) {
      if (wanted.get(id) === voice.track) continue;
      // Gone, or a new track (a new connection, another microphone): its own chunks from here.
      this.voices.delete(id);
      this.finishing.push(voice.recorder.stop());
    }
    for (const [id, track] of wanted) {
      if (this.voices.has(id)) continue;
      const recorder = this.recorderFor(id, 'audio', new MediaStream([track]), this.audioFormat);
      recorder.start();
      this.voices.set(id, { recorder, track });
    }
  }

  private recorderFor(track: string, kind: ChunkKind, stream: MediaStream, format: RecordingFormat): ChunkedRecorder {
    const key = `${track}/${kind}`;
    const recorder = new ChunkedRecorder({
      key: { recordingId: this.options.recordingId, track, kind },
      stream,
      format,
      chunkMs: this.chunkMs,
      takeSeq: () => {
        const seq = this.nextSeq.get(key) ?? 0;
        this.nextSeq.set(key, seq + 1);
        return seq;
      },
      createRecorder: this.options.createRecorder,
      onChunk: this.options.onChunk,
    });
    forward(recorder, this.emitter, ['chunk', 'error']);
    return recorder;
  }

  private rotateDue(): void {
    for (const recorder of [this.composite, ...[...this.voices.values()].map((v) => v.recorder)]) {
      if (recorder?.due()) recorder.rotate();
    }
  }
}
