import type { CallEngine } from '../call-engine.js';
import { Emitter, type Unsubscribe } from '../emitter.js';
import { CallError } from '../errors.js';
import { AssessmentRecorder } from './assessment-recorder.js';
import { CallRecorder } from './call-recorder.js';
import { followCallParticipants } from './call-participants.js';
import { ChunkOutbox } from './outbox.js';
import type { RecordedChunk, RecordingManifest, RecordingTarget } from './types.js';
import { ChunkUploader } from './uploader.js';
import type { UploadProgress } from './uploader-types.js';

export interface RecordingSessionOptions {
  /** The sink's recordings endpoint; `/lifeline/recordings` on the page's origin by default. */
  sinkUrl?: string;
  /** Length of each chunk; 30 s by default. */
  chunkMs?: number;
  /** Stored with the recording and passed on in its manifest (an interview id, a consent record). */
  meta?: Record<string, unknown>;
  /**
   * The join token that may start it (with the `record` grant), where the sink requires one. A
   * call's recording presents its engine's token by default.
   */
  token?: string;
}

type RecordingSessionEvents = {
  chunk: (chunk: RecordedChunk) => void;
  progress: (progress: UploadProgress) => void;
  error: (error: CallError) => void;
};

interface Delivery {
  outbox: ChunkOutbox;
  uploader: ChunkUploader;
}

let pageDelivery: Promise<Delivery> | null = null;

/**
 * The page's one outbox and uploader, started on first use. Starting replays what an earlier
 * page of this origin left in the outbox (a reload, a crash), so those chunks still arrive.
 */
export function recordingDelivery(): Promise<Delivery> {
  pageDelivery ??= (async () => {
    const outbox = new ChunkOutbox();
    await outbox.open();
    const uploader = new ChunkUploader({ outbox });
    await uploader.start();
    return { outbox, uploader };
  })();
  return pageDelivery;
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new CallError('recording_failed', `The recording server could not be reached at ${url}: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new CallError('recording_failed', `The recording server answered ${response.status} at ${url}.`);
  return (await response.json()) as T;
}

/**
 * One recording from start to manifest: the sink issues it (an id and a token only this page
 * holds), the recorder hands each chunk to the outbox, the uploader delivers it. `stop()` says
 * when the media may be released; `delivered()` when the sink has every chunk and the manifest.
 */
export class RecordingSession {
  private readonly emitter = new Emitter<RecordingSessionEvents>();
  private readonly subscriptions: Unsubscribe[] = [];
  private stopped: Promise<void> | null = null;

  private constructor(
    readonly target: RecordingTarget,
    private readonly recorder: CallRecorder | AssessmentRecorder,
    private readonly delivery: Delivery,
  ) {
    this.subscriptions.push(
      recorder.on('chunk', (chunk) => this.emitter.emit('chunk', chunk)),
      recorder.on('error', (error) => this.emitter.emit('error', error)),
      delivery.uploader.on('progress', (progress) => this.emitter.emit('progress', progress)),
      delivery.uploader.on('error', (error) => this.emitter.emit('error', error)),
    );
  }

  /** Records `engine`'s call: the composite video and each participant's voice. */
  static async call(engine: CallEngine, options: RecordingSessionOptions = {}): Promise<RecordingSession> {
    const [delivery, target] = await RecordingSession.begin(
      { token: engine.token, ...options },
      engine.participants.map((p) => p.id).concat(engine.participantId),
    );
    const recorder = new CallRecorder({
      recordingId: target.recordingId,
      chunkMs: options.chunkMs,
      onChunk: (chunk) => delivery.uploader.enqueue(chunk, target),
    });
    const session = new RecordingSession(target, recorder, delivery);
    session.subscriptions.push(
      followCallParticipants(engine, (participants) => recorder.setParticipants(participants)),
      // The recording of a call ends with the call: left running, its recorders would go on for good.
      engine.on('state', (state) => state === 'ended' && void session.stop()),
    );
    recorder.start();
    return session;
  }

  /** Records one person (a self-assessment, an interview answer) from their camera and microphone. */
  static async assessment(stream: MediaStream, options: RecordingSessionOptions & { track?: string } = {}): Promise<RecordingSession> {
    const [delivery, target] = await RecordingSession.begin(options, [options.track ?? 'self']);
    const recorder = new AssessmentRecorder({
      stream,
      recordingId: target.recordingId,
      track: options.track,
      chunkMs: options.chunkMs,
      onChunk: (chunk) => delivery.uploader.enqueue(chunk, target),
    });
    const session = new RecordingSession(target, recorder, delivery);
    recorder.start();
    return session;
  }

  private static async begin(options: RecordingSessionOptions, participants: string[]): Promise<[Delivery, RecordingTarget]> {
    const sinkUrl = options.sinkUrl ?? new URL('/lifeline/recordings', globalThis.location?.href).href;
    return Promise.all([recordingDelivery(), post<RecordingTarget>(sinkUrl, { participants, meta: options.meta ?? {} }, options.token)]);
  }

  on<E extends keyof RecordingSessionEvents>(event: E, listener: RecordingSessionEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  get recording(): boolean {
    return this.recorder.recording;
  }

  /** Stops recording; resolves once the last chunk is safe in the outbox (the media may go). */
  stop(): Promise<void> {
    this.stopped ??= this.recorder.stop();
    return this.stopped;
  }

  /**
   * Resolves with the manifest once the sink has every chunk and has closed the recording; waits
   * out the network as long as it takes. Rejects with `recording_upload_failed` when the sink
   * refused a chunk (it stays on the device: the uploader's `stuck()`).
   */
  async delivered(): Promise<RecordingManifest> {
    await this.stop();
    await this.delivery.uploader.flush(this.target.recordingId);
    const manifest = await post<RecordingManifest>(`${this.target.uploadUrl}/finalize`, {}, this.target.token);
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    return manifest;
  }
}
