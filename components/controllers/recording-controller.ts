import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CallError, type CallEngine, type RecordingManifest, type RecordingSession, type RecordingSessionOptions, type Unsubscribe } from '../../src/index.js';
import { LifelineRecordingEvent, type RecordingState, type RecordingStatus } from '../events/recording-event.js';
import { loadRecording } from '../lazy/loaders.js';

/**
 * Binds an element to a call's RecordingSession: starts and stops it, and keeps what the
 * recording indicator shows (state, pending uploads, errors). The session records, stores and
 * uploads; this only listens and tells.
 */
export class RecordingController implements ReactiveController {
  session: RecordingSession | null = null;
  status: RecordingStatus | null = null;
  private subscriptions: Unsubscribe[] = [];
  /** Kept when the element leaves the page: the element's own engine ends then, and so must the recording. */
  private stopWithCall: Unsubscribe | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // The recording goes on being delivered from the page's outbox; the element stops showing it.
    this.unsubscribe();
  }

  async start(engine: CallEngine | null, options: RecordingSessionOptions): Promise<RecordingSession> {
    if (!engine || engine.state === 'idle' || engine.state === 'ended') throw new CallError('not_joined', 'Join a call before recording it.');
    if (this.session?.recording) throw new CallError('invalid_state', 'This call is already being recorded.');
    // Recording is fetched on first use: a call that is never recorded never downloads it.
    const { RecordingSession } = await loadRecording();
    const session = await RecordingSession.call(engine, options);
    this.unsubscribe();
    this.session = session;
    this.subscriptions.push(
      session.on('progress', (progress) => this.set({ progress })),
      session.on('error', (error) => this.set({ error, state: error.code === 'recording_upload_failed' ? 'failed' : this.status?.state })),
    );
    // Leaving the call ends its recording; what was recorded is still saved.
    this.stopWithCall?.();
    this.stopWithCall = engine.on('state', (state) => state === 'ended' && void this.stop());
    this.set({ state: 'recording', progress: null, error: null });
    return session;
  }

  /** Stops recording; resolves once the last chunk is stored on this device. Delivery goes on. */
  async stop(): Promise<void> {
    const session = this.session;
    if (!session?.recording) return;
    await session.stop();
    this.set({ state: 'saving' });
    session.delivered().then(
      (manifest: RecordingManifest) => this.session === session && this.set({ state: manifest.missing.length ? 'failed' : 'saved' }),
      (error: CallError) => this.session === session && this.set({ state: 'failed', error }),
    );
  }

  private set(change: Partial<Omit<RecordingStatus, 'state'>> & { state?: RecordingState }): void {
    const session = this.session;
    if (!session) return;
    const before = this.status;
    this.status = {
      recordingId: session.target.recordingId,
      state: change.state ?? before?.state ?? 'recording',
      progress: change.progress === undefined ? (before?.progress ?? null) : change.progress,
      error: change.error === undefined ? (before?.error ?? null) : change.error,
    };
    if (this.status.state !== before?.state || change.error) this.host.dispatchEvent(new LifelineRecordingEvent(this.status));
    this.host.requestUpdate();
  }

  private unsubscribe(): void {
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
  }
}
