import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallEngine, CallError, CallState, IncomingCall, Participant, QualityReport, RecoveryEvent, Unsubscribe } from '../../src/index.js';
import { LifelineErrorEvent } from '../events/error-event.js';
import { LifelineIncomingCallEvent } from '../events/incoming-call-event.js';
import { LifelineParticipantJoinedEvent } from '../events/participant-joined-event.js';
import { LifelineParticipantLeftEvent } from '../events/participant-left-event.js';
import { LifelineQualityEvent } from '../events/quality-event.js';
import { LifelineRecoveryEvent } from '../events/recovery-event.js';
import { LifelineStateChangeEvent } from '../events/state-change-event.js';

/** What an element renders of a call; rebuilt from the engine on every change. */
export interface CallView {
  state: CallState;
  participants: Participant[];
  localStream: MediaStream | null;
  remoteStreams: Map<string, MediaStream>;
  media: { audio: boolean; video: boolean };
  incoming: IncomingCall[];
  lastError: CallError | null;
  /** The latest recovery step of each call, with when it arrived (for countdowns). */
  recovery: Map<string, { event: RecoveryEvent; receivedAt: number }>;
  /** The latest quality report of each call. */
  quality: Map<string, QualityReport>;
}

/**
 * Binds an element to a CallEngine: subscribes while the element is connected, turns engine
 * events into DOM events, and asks the element to render. It owns no call logic.
 */
export class CallEngineController implements ReactiveController {
  private engine: CallEngine | null = null;
  private subscriptions: Unsubscribe[] = [];
  private connected = false;
  view: CallView = CallEngineController.emptyView();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  static emptyView(): CallView {
    return {
      state: 'idle',
      participants: [],
      localStream: null,
      remoteStreams: new Map(),
      media: { audio: true, video: true },
      incoming: [],
      lastError: null,
      recovery: new Map(),
      quality: new Map(),
    };
  }

  /** Switches to another engine (or none), moving the subscriptions with it. */
  bind(engine: CallEngine | null): void {
    if (engine === this.engine) return;
    this.unsubscribe();
    this.engine = engine;
    this.view = CallEngineController.emptyView();
    if (this.connected) this.subscribe();
    this.refresh();
  }

  hostConnected(): void {
    this.connected = true;
    this.subscribe();
    this.refresh();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe();
  }

  private subscribe(): void {
    const engine = this.engine;
    if (!engine || this.subscriptions.length > 0) return;
    const refresh = () => this.refresh();
    const fire = (event: Event) => this.host.dispatchEvent(event);
    this.subscriptions.push(
      engine.on('state', (state, previous) => {
        refresh();
        fire(new LifelineStateChangeEvent(state, previous));
      }),
      engine.on('participant-joined', (p) => {
        refresh();
        fire(new LifelineParticipantJoinedEvent(p));
      }),
      engine.on('participant-left', (p) => {
        refresh();
        fire(new LifelineParticipantLeftEvent(p));
      }),
      engine.on('participant-updated', refresh),
      engine.on('remote-stream-added', refresh),
      engine.on('remote-stream-removed', refresh),
      engine.on('local-stream', refresh),
      engine.on('media-state', refresh),
      engine.on('incoming-call', (call) => {
        const event = new LifelineIncomingCallEvent(call);
        fire(event);
        if (!event.defaultPrevented) this.view = { ...this.view, incoming: [...this.view.incoming, call] };
        refresh();
      }),
      engine.on('incoming-call-cancelled', refresh),
      engine.on('call-ended', refresh),
      engine.on('recovery', (event) => {
        const recovery = new Map(this.view.recovery);
        const before = recovery.get(event.participantId)?.event.step;
        // Back from a mere suspect sample is no news: only a real recovery is shown.
        if (event.step === 'healthy' && (!before || before === 'suspect')) recovery.delete(event.participantId);
        else recovery.set(event.participantId, { event, receivedAt: Date.now() });
        this.view = { ...this.view, recovery };
        refresh();
        fire(new LifelineRecoveryEvent(event));
      }),
      engine.on('quality', (report) => {
        this.view = { ...this.view, quality: new Map(this.view.quality).set(report.participantId, report) };
        refresh();
        fire(new LifelineQualityEvent(report));
      }),
      engine.on('error', (error) => {
        this.view = { ...this.view, lastError: error };
        refresh();
        fire(new LifelineErrorEvent(error));
      }),
    );
  }

  private unsubscribe(): void {
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
  }

  private refresh(): void {
    const engine = this.engine;
    if (engine) {
      const ringing = new Set(engine.participants.map((p) => p.id));
      this.view = {
        ...this.view,
        state: engine.state,
        participants: engine.participants,
        localStream: engine.localStream,
        remoteStreams: engine.remoteStreams,
        media: engine.media,
        // Prompts stay only while the call still rings and the caller is still here.
        incoming: this.view.incoming.filter((c) => ringing.has(c.participantId) && engine.isRinging(c.participantId)),
      };
    }
    this.host.requestUpdate();
  }
}
