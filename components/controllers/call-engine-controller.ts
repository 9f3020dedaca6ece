import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  SpeakingWatch,
  toMediaError,
  type CallEngine,
  type CallError,
  type CallState,
  type DeviceKind,
  type DeviceList,
  type DeviceRecoveryEvent,
  type EndedReason,
  type IncomingCall,
  type Knock,
  type MuteRequest,
  type Participant,
  type QualityReport,
  type RecoveryEvent,
  type Unsubscribe,
} from '../../src/index.js';
import { LifelineDeviceRecoveryEvent } from '../events/device-recovery-event.js';
import { LifelineErrorEvent } from '../events/error-event.js';
import { LifelineIncomingCallEvent } from '../events/incoming-call-event.js';
import { LifelineKnockEvent } from '../events/knock-event.js';
import { LifelineParticipantJoinedEvent } from '../events/participant-joined-event.js';
import { LifelineParticipantLeftEvent } from '../events/participant-left-event.js';
import { LifelineQualityEvent } from '../events/quality-event.js';
import { LifelineRecoveryEvent } from '../events/recovery-event.js';
import { LifelineScreenShareEvent } from '../events/screen-share-event.js';
import { LifelineStateChangeEvent } from '../events/state-change-event.js';

/**
 * What happened to a device: the engine's recovery, or `failed` when a person's pick could not be
 * used. It keeps the codes and data; the element puts them in its strings table's words.
 */
export type DeviceNotice =
  | { action: DeviceRecoveryEvent['action']; recovery: DeviceRecoveryEvent; receivedAt: number }
  | { action: 'failed'; device: DeviceKind; error: CallError; receivedAt: number };

/** Someone came or went: announced once through the element's live region. */
export interface Announcement {
  kind: 'joined' | 'left';
  name: string;
}

/** What an element renders of a call; rebuilt from the engine on every change. */
export interface CallView {
  state: CallState;
  participants: Participant[];
  localStream: MediaStream | null;
  remoteStreams: Map<string, MediaStream>;
  /** The screens the others share, by participant; and whether this participant shares one. */
  remoteScreens: Map<string, MediaStream>;
  screenSharing: boolean;
  media: { audio: boolean; video: boolean };
  incoming: IncomingCall[];
  lastError: CallError | null;
  /** The latest recovery step of each call, with when it arrived (for countdowns). */
  recovery: Map<string, { event: RecoveryEvent; receivedAt: number }>;
  /** The latest quality report of each call. */
  quality: Map<string, QualityReport>;
  /** The devices as last listed. */
  devices: DeviceList;
  /** Per kind: the device whose track is in use, else the person's choice. */
  deviceInUse: Partial<Record<DeviceKind, string>>;
  /** The latest device recovery or failed pick, until the person dismisses it. */
  deviceNotice: DeviceNotice | null;
  /** The remote participants speaking now. */
  speaking: ReadonlySet<string>;
  /** The latest arrival or departure, for the live region. */
  announcement: Announcement | null;
  /** Guests knocking whom the element shows (those whose lifeline-knock was not cancelled). */
  knocks: Knock[];
  /** This participant's role from its join token; null without tokens. */
  role: 'host' | 'guest' | null;
  /** Whether guests knock to get in. */
  locked: boolean;
  /** A host's request to mute, shown until dismissed or unmuted. */
  muteRequest: MuteRequest | null;
  /** Why the last call ended. */
  endReason: EndedReason | null;
}

/**
 * Binds an element to a CallEngine: subscribes while the element is connected, turns engine
 * events into DOM events, and asks the element to render. It owns no call logic.
 */
export class CallEngineController implements ReactiveController {
  private engine: CallEngine | null = null;
  private subscriptions: Unsubscribe[] = [];
  private connected = false;
  /** The local stream whose devices were listed: once per call, so pickers get their names. */
  private listedFor: MediaStream | null = null;
  /** Remote media elements playing the call, each following the chosen speaker. */
  private readonly outputs = new Map<HTMLMediaElement, Unsubscribe>();
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
      remoteScreens: new Map(),
      screenSharing: false,
      media: { audio: true, video: true },
      incoming: [],
      lastError: null,
      recovery: new Map(),
      quality: new Map(),
      devices: { cameras: [], microphones: [], speakers: [], labelled: false },
      deviceInUse: {},
      deviceNotice: null,
      speaking: new Set(),
      announcement: null,
      knocks: [],
      role: null,
      locked: false,
      muteRequest: null,
      endReason: null,
    };
  }

  /** Switches to another engine (or none), moving the subscriptions with it. */
  bind(engine: CallEngine | null): void {
    if (engine === this.engine) return;
    this.unsubscribe();
    this.releaseOutputs();
    this.engine = engine;
    this.listedFor = null;
    this.view = CallEngineController.emptyView();
    if (this.connected) this.subscribe();
    this.rebuildView();
  }

  hostConnected(): void {
    this.connected = true;
    this.subscribe();
    this.rebuildView();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe();
    this.releaseOutputs();
  }

  /** Uses another device of a kind; a pick that fails is shown in the notice and fired as lifeline-error. */
  async selectDevice(device: DeviceKind, deviceId: string): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    const select = { camera: engine.devices.selectCamera, microphone: engine.devices.selectMicrophone, speaker: engine.devices.selectSpeaker }[device];
    try {
      await select.call(engine.devices, deviceId);
    } catch (error) {
      if (engine !== this.engine) return;
      const callError = toMediaError(error, { audio: device === 'microphone', video: device === 'camera' });
      this.view = {
        ...this.view,
        deviceNotice: { action: 'failed', device, error: callError, receivedAt: Date.now() },
      };
      this.rebuildView();
      this.host.dispatchEvent(new LifelineErrorEvent(callError));
    }
  }

  dismissMuteRequest(): void {
    this.view = { ...this.view, muteRequest: null };
    this.host.requestUpdate();
  }

  dismissDeviceNotice(): void {
    this.view = { ...this.view, deviceNotice: null };
    this.host.requestUpdate();
  }

  /** Makes these media elements (and only these) follow the chosen speaker; call after each render. */
  syncOutputs(elements: Iterable<HTMLMediaElement>): void {
    const current = new Set(elements);
    for (const [element, detach] of this.outputs) {
      if (current.has(element)) continue;
      detach();
      this.outputs.delete(element);
    }
    if (!this.engine || !this.connected) return;
    for (const element of current) if (!this.outputs.has(element)) this.outputs.set(element, this.engine.devices.attachOutput(element));
  }

  private releaseOutputs(): void {
    for (const detach of this.outputs.values()) detach();
    this.outputs.clear();
  }

  private subscribe(): void {
    const engine = this.engine;
    if (!engine || this.subscriptions.length > 0) return;
    const rebuildView = () => this.rebuildView();
    const fire = (event: Event) => this.host.dispatchEvent(event);
    const announce = (kind: Announcement['kind'], p: Participant) => {
      this.view = { ...this.view, announcement: { kind, name: p.name || p.id } };
    };
    this.subscriptions.push(
      // Read by the core while this element shows the call; stops when unsubscribed.
      new SpeakingWatch(engine).on('speaking', (speaking) => {
        this.view = { ...this.view, speaking };
        this.host.requestUpdate();
      }),
      engine.on('state', (state, previous) => {
        rebuildView();
        fire(new LifelineStateChangeEvent(state, previous));
      }),
      engine.on('participant-joined', (p) => {
        announce('joined', p);
        rebuildView();
        fire(new LifelineParticipantJoinedEvent(p));
      }),
      engine.on('participant-left', (p) => {
        announce('left', p);
        rebuildView();
        fire(new LifelineParticipantLeftEvent(p));
      }),
      engine.on('participant-updated', rebuildView),
      engine.on('remote-stream-added', rebuildView),
      engine.on('remote-stream-removed', rebuildView),
      engine.on('remote-screen-added', rebuildView),
      engine.on('remote-screen-removed', rebuildView),
      engine.on('screen-share', (stream) => {
        rebuildView();
        fire(new LifelineScreenShareEvent(stream));
      }),
      engine.on('local-stream', rebuildView),
      engine.on('media-state', rebuildView),
      engine.on('incoming-call', (call) => {
        const event = new LifelineIncomingCallEvent(call);
        fire(event);
        if (!event.defaultPrevented) this.view = { ...this.view, incoming: [...this.view.incoming, call] };
        rebuildView();
      }),
      engine.on('incoming-call-cancelled', rebuildView),
      engine.on('call-ended', rebuildView),
      engine.on('recovery', (event) => {
        const recovery = new Map(this.view.recovery);
        const before = recovery.get(event.participantId)?.event.step;
        // Back from a mere suspect sample is no news: only a real recovery is shown.
        if (event.step === 'healthy' && (!before || before === 'suspect')) recovery.delete(event.participantId);
        else recovery.set(event.participantId, { event, receivedAt: Date.now() });
        this.view = { ...this.view, recovery };
        rebuildView();
        fire(new LifelineRecoveryEvent(event));
      }),
      engine.on('quality', (report) => {
        this.view = { ...this.view, quality: new Map(this.view.quality).set(report.participantId, report) };
        rebuildView();
        fire(new LifelineQualityEvent(report));
      }),
      engine.devices.on('devices', rebuildView),
      engine.devices.on('selection', rebuildView),
      engine.on('device-recovery', (event) => {
        const deviceNotice: DeviceNotice = { action: event.action, recovery: event, receivedAt: Date.now() };
        this.view = { ...this.view, deviceNotice };
        rebuildView();
        fire(new LifelineDeviceRecoveryEvent(event));
      }),
      engine.on('knock', (knock) => {
        const event = new LifelineKnockEvent({ ...knock, admit: () => engine.admit(knock.participantId), deny: () => engine.deny(knock.participantId) });
        fire(event);
        // A host with its own UI cancels the event; the element then leaves the knock to it.
        if (!event.defaultPrevented) this.view = { ...this.view, knocks: [...this.view.knocks.filter((k) => k.participantId !== knock.participantId), knock] };
        rebuildView();
      }),
      engine.on('knock-ended', rebuildView),
      engine.on('room-lock', rebuildView),
      engine.on('mute-requested', (muteRequest) => {
        this.view = { ...this.view, muteRequest };
        rebuildView();
      }),
      engine.on('ended', rebuildView),
      engine.on('error', (error) => {
        this.view = { ...this.view, lastError: error };
        rebuildView();
        fire(new LifelineErrorEvent(error));
      }),
    );
  }

  /** Once the call has its devices the browser gives their names: list them for the pickers. */
  private listDevicesOnce(engine: CallEngine): void {
    const stream = engine.localStream;
    if (!stream || stream === this.listedFor || this.subscriptions.length === 0) return;
    this.listedFor = stream;
    engine.devices.enumerate().catch(() => {
      // The pickers keep the last list; device errors reach the person through the engine.
    });
  }

  private unsubscribe(): void {
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
  }

  /** Reads the engine into `view`, keeping what only events told it (prompts, notices), and asks the host to render. */
  private rebuildView(): void {
    const engine = this.engine;
    if (engine) {
      const ringing = new Set(engine.participants.map((p) => p.id));
      const { selection } = engine.devices;
      this.view = {
        ...this.view,
        state: engine.state,
        participants: engine.participants,
        localStream: engine.localStream,
        remoteStreams: engine.remoteStreams,
        remoteScreens: engine.remoteScreens,
        screenSharing: engine.screenSharing,
        media: engine.media,
        // Prompts stay only while the call still rings and the caller is still here.
        incoming: this.view.incoming.filter((c) => ringing.has(c.participantId) && engine.isRinging(c.participantId)),
        knocks: this.view.knocks.filter((k) => engine.access.knocks.some((w) => w.participantId === k.participantId)),
        role: engine.access.role,
        locked: engine.access.locked,
        // The notice goes once the person turns back on what they were asked to mute.
        muteRequest: this.view.muteRequest?.kinds.some((kind) => engine.media[kind]) ? null : this.view.muteRequest,
        endReason: engine.endReason,
        devices: engine.devices.devices,
        deviceInUse: {
          camera: engine.devices.inUse('video') ?? selection.camera,
          microphone: engine.devices.inUse('audio') ?? selection.microphone,
          speaker: selection.speaker,
        },
      };
      this.listDevicesOnce(engine);
    }
    this.host.requestUpdate();
  }
}
