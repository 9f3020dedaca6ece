import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import {
  CallEngine,
  CallError,
  type Participant,
  type CallMode,
  type IceConfig,
  type RecordingSession,
  type RecordingSessionOptions,
  type CallState,
  type DeviceKind,
  type MediaDevicesLike,
  type QualityLevel,
} from '../../src/index.js';
import { CallEngineController } from '../controllers/call-engine-controller.js';
import type { RecordingController } from '../controllers/recording-controller.js';
import { ShortcutController } from '../controllers/shortcut-controller.js';
import { LifelineErrorEvent } from '../events/error-event.js';
import { LifelineShortcutEvent, type ShortcutAction } from '../events/shortcut-event.js';
import { canShareScreen, renderControls } from './call-controls.js';
import { loadInCall, loadPrejoin } from '../lazy/loaders.js';
import { renderAnnouncement, renderStatus } from './call-news.js';
import type { HostActions } from './host-controls.js';
import { LifelineElement } from './lifeline-element.js';
import { OverflowMenu } from './overflow-menu.js';
import type { Banner } from './recovery-banner.js';

/**
 * What `<video-call>` and `<voice-call>` share: the attributes, the engine they create or are
 * given, joining, the status line, the recovery banner, the device notice and pickers, the
 * incoming-call prompt and the mute and hang-up buttons. Subclasses render the participants
 * and say what media a call of theirs asks for. Registered by neither.
 */
export abstract class CallElement extends LifelineElement {
  @property() room = '';
  @property({ attribute: 'signaling-url' }) signalingUrl = '';
  /** This tenant's ICE config and short-lived TURN credentials, from the server (`/lifeline/ice-config`). */
  @property({ attribute: 'ice-config-url' }) iceConfigUrl = '';
  /** STUN and TURN servers; the fallback when `ice-config-url` fails. */
  @property({ attribute: false }) iceConfig: IceConfig | null = null;
  @property({ attribute: 'participant-id' }) participantId = '';
  /** The signed join token for this person and room, where the server requires one. */
  @property() token = '';
  /** Asked for a join token on join and again shortly before the one in hand expires; instead of `token`. */
  @property({ attribute: false }) tokenProvider: (() => Promise<string>) | null = null;
  @property({ attribute: 'display-name' }) displayName = '';
  @property() mode: CallMode = 'room';
  @property({ type: Boolean, attribute: 'auto-join' }) autoJoin = false;
  /** Show the pre-join screen (its chunk fetched then) until the person presses Join; `auto-join` then waits for it. */
  @property({ type: Boolean }) prejoin = false;
  @property({ type: Boolean, attribute: 'no-device-pickers' }) noDevicePickers = false;
  /** Hide the built-in control bar; a host's own controls can go in the `controls` slot. */
  @property({ type: Boolean, attribute: 'no-controls' }) noControls = false;
  /** Offer a record button: the call is recorded into the recording sink while it is pressed. */
  @property({ type: Boolean }) recordable = false;
  /** Options of recordings started from the record button; `sinkUrl` defaults to the signaling server's sink. */
  @property({ attribute: false }) recordingOptions: RecordingSessionOptions = {};
  /**
   * Keyboard shortcuts anywhere on the page (Ctrl/Cmd+D microphone, Ctrl/Cmd+E camera,
   * Ctrl/Cmd+Shift+S screen share); without it they work only while focus is inside the element.
   */
  @property({ type: Boolean }) shortcuts = false;
  /** Reflects the engine's state; setting it has no effect on the call. */
  @property({ reflect: true }) state: CallState = 'idle';
  @property({ attribute: false }) engine: CallEngine | null = null;
  /** The device layer an engine the element creates uses; null for the browser's. */
  @property({ attribute: false }) mediaDevices: MediaDevicesLike | null = null;

  /** Binds this element to `engine`: the view it renders and the DOM events it fires. */
  protected readonly engineController = new CallEngineController(this);
  /** What the element shows only in a call (banner, notices, host controls, recording), once fetched. */
  private inCallParts: typeof import('./in-call.js') | null = null;
  private inCallLoading = false;
  private hostActions: HostActions | null = null;
  /** Made by the first recording this element starts. */
  private recorder: RecordingController | null = null;
  private readonly menu = new OverflowMenu(this);
  /** Turns the camera on or off, in an element with one. */
  protected readonly toggleVideo: (() => void) | null = null;
  /** Whether this element offers screen share (a button, a shortcut) where the browser can share one. */
  protected readonly offersScreenShare: boolean = false;
  /** What an engine this element creates asks the browser for. */
  protected abstract readonly requestedMedia: { audio: boolean; video: boolean };
  private ownsEngine = false;
  /** The pre-join screen, once `prejoin` fetched its chunk. */
  protected prejoinScreen: InstanceType<Awaited<ReturnType<typeof loadPrejoin>>['PrejoinScreen']> | null = null;
  private prejoinLoad: Promise<void> | null = null;
  private autoJoinedRoom: string | null = null;
  /** The keyboard shortcuts, heard on the document. */
  private readonly keys = new ShortcutController(this, (action) => this.runShortcut(action));
  /** The recovery banner last rendered, and the timer that renders again when it or the notice changes. */
  private banner: Banner | null = null;
  private redrawTimer: ReturnType<typeof setTimeout> | null = null;

  /** Joins `room`, creating an engine from the attributes unless one was given. */
  async join(): Promise<void> {
    // From the pre-join screen (its Join, or the host's join() after holding it), with its choices.
    const screen = this.prejoinScreen;
    const choices = screen?.close();
    if (choices) this.displayName = choices.displayName;
    if (!this.engine) {
      this.engine = new CallEngine({
        signalingUrl: this.signalingUrl || undefined,
        iceConfigUrl: this.iceConfigUrl || undefined,
        iceConfig: this.iceConfig ?? undefined,
        participantId: this.participantId || undefined,
        token: this.token || undefined,
        tokenProvider: this.tokenProvider ?? undefined,
        displayName: this.displayName,
        mode: this.mode,
        media: this.requestedMedia,
        mediaDevices: this.mediaDevices ?? undefined,
      });
      this.ownsEngine = true;
      this.engineController.bind(this.engine);
    }
    if (choices) await screen!.apply(this.engine, choices);
    await this.engine.join(this.room);
  }

  async leave(): Promise<void> {
    await this.engine?.leave();
  }

  /** Direct mode: rings another participant in the room. */
  ring(participantId: string): Promise<void> {
    if (!this.engine) return Promise.reject(new CallError('not_joined', 'Join a room first.'));
    return this.engine.call(participantId);
  }

  /**
   * Records this call (a composite video and each voice) into the recording sink; resolves once
   * recording has begun. The indicator and `lifeline-recording` follow it until it is saved.
   */
  async startRecording(options: RecordingSessionOptions = {}): Promise<RecordingSession> {
    const { RecordingController } = await loadInCall().catch((error: unknown) => {
      throw new CallError('sdk_unavailable', `Part of the Lifeline SDK could not be fetched: ${String(error)}`, { cause: error });
    });
    this.recorder ??= new RecordingController(this);
    return this.recorder.start(this.engine, options);
  }

  /** Stops recording; resolves once the last part is stored on this device (uploads go on). */
  async stopRecording(): Promise<void> {
    await this.recorder?.stop();
  }

  /** The recording in progress or the last one, for its `delivered()` manifest. */
  get recording(): RecordingSession | null {
    return this.recorder?.session ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.redrawTimer) clearTimeout(this.redrawTimer);
    this.redrawTimer = null;
    if (this.ownsEngine) {
      this.engine?.destroy();
      this.engine = null;
      this.ownsEngine = false;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('engine')) this.engineController.bind(this.engine);
    this.state = this.engineController.view.state;
    // An engine means a join has begun (or is about to): what a call shows is fetched beside it.
    if (this.engine) this.loadInCallParts();
  }

  /** Fetches the in-call parts once; their styles join the element's own. */
  private loadInCallParts(): void {
    if (this.inCallParts || this.inCallLoading) return;
    this.inCallLoading = true;
    loadInCall().then(
      (parts) => {
        this.inCallParts = parts;
        this.hostActions = parts.createHostActions(this);
        this.adoptLazyStyles(parts.inCallStyles);
        this.requestUpdate();
      },
      // A failed fetch (offline, a CDN hiccup) leaves the status line alone, and the next render tries again.
      () => (this.inCallLoading = false),
    );
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.scheduleRedraw();
    // Every element that plays the others' sound follows the chosen speaker.
    this.engineController.syncOutputs(this.renderRoot.querySelectorAll<HTMLMediaElement>('[data-call-output]'));
    if (changed.has('room')) this.autoJoinedRoom = null;
    if (this.prejoin) this.loadPrejoin();
    if (this.autoJoin && !this.prejoin && this.room && this.room !== this.autoJoinedRoom && this.state === 'idle' && this.isConnected) {
      // Once per room: a join that fails is reported (lifeline-error, status line), not retried in a loop.
      this.autoJoinedRoom = this.room;
      this.join().catch(() => {});
    }
  }

  private loadPrejoin(): void {
    this.prejoinLoad ??= loadPrejoin().then(
      ({ PrejoinScreen, prejoinStyles }) => {
        this.prejoinScreen = new PrejoinScreen(this, this.requestedMedia.video);
        this.adoptLazyStyles(prejoinStyles);
        this.requestUpdate();
      },
      // A failed fetch (offline, a CDN hiccup): the next render tries again.
      () => {
        this.prejoinLoad = null;
      },
    );
  }

  protected get inCall(): boolean {
    return this.state !== 'idle' && this.state !== 'ended';
  }

  /**
   * The device pickers come once the call stands (waiting for others, connected, reconnecting),
   * not while it is joining or connecting: the browser names the devices only after it opened
   * them, and building three pickers during the join made the call bench's first frame about
   * 50 ms later.
   */
  private get showsPickers(): boolean {
    return (this.state === 'waiting' || this.state === 'connected' || this.state === 'reconnecting') && !this.noDevicePickers;
  }

  /**
   * What the call says: the status line, the announcements, the recovery banner, the device
   * notice, the recording indicator and any incoming-call prompts; with the `branding` slot.
   */
  protected renderNews() {
    const view = this.engineController.view;
    const strings = this.text;
    const now = Date.now();
    const parts = this.inCallParts;
    const hostActions = this.hostActions;
    this.banner = parts ? parts.pickBanner(view.recovery, now) : null;
    return html`
      <div class="news">
        ${renderStatus(strings, this.state, view.lastError, view.endReason)} ${this.prejoinScreen?.renderRejoin(strings)}
        <slot name="branding"></slot>
      </div>
      ${renderAnnouncement(strings, view.announcement)}
      ${
        parts && hostActions
          ? html`
              ${parts.renderRecoveryBanner(this.banner, now, strings)}
              ${parts.renderDeviceNotice(parts.pickDeviceNotice(view.deviceNotice, now), () => this.engineController.dismissDeviceNotice(), strings)}
              ${parts.renderRecordingIndicator(strings, this.recorder?.status ?? null, this.textLang)}
              ${parts.renderMuteRequest(strings, view.muteRequest, () => this.engineController.dismissMuteRequest())}
              ${view.incoming.map((call) => parts.renderIncoming(strings, call))}
              ${view.knocks.map((knock) => parts.renderKnock(strings, knock, hostActions))}
              ${parts.renderHostBar(strings, view, this.inCall, hostActions)}
            `
          : nothing
      }
    `;
  }

  /** A host's buttons for one remote person (ask to mute, remove); nothing for others. */
  protected renderHostActions(participant: Participant) {
    const parts = this.inCallParts;
    return parts && this.hostActions ? parts.renderParticipantActions(this.text, this.engineController.view, participant, this.hostActions) : nothing;
  }

  /** The control bar (or the host's, in the `controls` slot): mute, camera, record, hang up, pickers. */
  protected renderControls(kinds: DeviceKind[]) {
    const controls = renderControls(
      this.text,
      this.engineController,
      kinds,
      { inCall: this.inCall, pickers: this.showsPickers, recordable: this.recordable, recording: !!this.recorder?.session?.recording },
      {
        toggleAudio: this.toggleAudio,
        toggleVideo: this.toggleVideo,
        toggleScreenShare: this.offersScreenShare ? () => void this.toggleScreenShare() : null,
        toggleRecording: this.toggleRecording,
        hangUp: () => void this.leave(),
      },
      this.menu,
    );
    return html`<slot name="controls">${this.noControls ? nothing : controls}</slot>`;
  }

  /** A participant's link quality when it is not good (part `quality`). */
  protected renderQuality(level: QualityLevel | undefined) {
    const text = level && level !== 'good' ? this.text.quality[level] : undefined;
    return text ? html`<span class="badge quality" part="quality">${text}</span>` : nothing;
  }

  /**
   * What a tile or row shows of a remote person besides their name: whether they speak now (the
   * core reads it from the audio they send) and their link quality. Nothing for the local person.
   */
  protected liveStateOf(participantId: string | undefined): { speaking: boolean; level: QualityLevel | undefined } {
    if (participantId === undefined) return { speaking: false, level: undefined };
    return { speaking: this.engineController.view.speaking.has(participantId), level: this.engineController.view.quality.get(participantId)?.level };
  }

  /** Renders again when the banner's countdown ticks, or the banner or the device notice is due to disappear. */
  private scheduleRedraw(): void {
    if (this.redrawTimer) clearTimeout(this.redrawTimer);
    this.redrawTimer = null;
    const now = Date.now();
    const banner = this.banner;
    const parts = this.inCallParts;
    const notice = parts?.pickDeviceNotice(this.engineController.view.deviceNotice, now);
    const due = [banner?.giveUpAt ? now + 1000 - ((banner.giveUpAt - now) % 1000) : banner?.hideAt, notice && parts ? parts.noticeHideAt(notice) : null].filter(
      (at): at is number => typeof at === 'number',
    );
    if (due.length === 0) return;
    this.redrawTimer = setTimeout(() => this.requestUpdate(), Math.max(50, Math.min(...due) - now));
  }

  /**
   * Shares a screen or stops sharing, from the button or the shortcut; true when it acted (the
   * key is then kept from the browser), false in an element that offers no screen share or a
   * browser that cannot share one. A refusal (cancelled, unsupported) is fired as lifeline-error.
   */
  protected toggleScreenShare(): boolean {
    const engine = this.engine;
    if (!engine || !this.offersScreenShare || !canShareScreen()) return false;
    if (engine.screenSharing) engine.stopScreenShare();
    else
      engine.startScreenShare().catch((error: unknown) => {
        const callError = error instanceof CallError ? error : new CallError('screen_share_failed', String(error), { cause: error });
        this.dispatchEvent(new LifelineErrorEvent(callError));
      });
    return true;
  }

  /** Acts on a shortcut in a call, unless the host takes it through `lifeline-shortcut`; true when the key was used. */
  private runShortcut(action: ShortcutAction): boolean {
    if (!this.inCall || (action === 'camera' && !this.toggleVideo)) return false;
    if (!this.dispatchEvent(new LifelineShortcutEvent(action))) return true;
    if (action === 'screen-share') return this.toggleScreenShare();
    (action === 'camera' ? this.toggleVideo! : this.toggleAudio)();
    return true;
  }

  private toggleAudio = () => this.engine?.setAudioEnabled(!this.engineController.view.media.audio);

  private toggleRecording = () => {
    // The reference server is the recording sink too: without a sinkUrl, record to the signaling server's.
    const sinkUrl = this.signalingUrl ? new URL('/lifeline/recordings', this.signalingUrl).href : undefined;
    const action = this.recorder?.session?.recording ? this.stopRecording() : this.startRecording({ sinkUrl, ...this.recordingOptions });
    action.then(
      () => this.requestUpdate(),
      (error: unknown) => {
        const callError = error instanceof CallError ? error : new CallError('recording_failed', String(error), { cause: error });
        this.dispatchEvent(new LifelineErrorEvent(callError));
      },
    );
  };
}
