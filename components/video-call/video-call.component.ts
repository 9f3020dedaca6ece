import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { CallEngine, CallError, type CallMode, type CallState, type IncomingCall, type Participant, type QualityLevel } from '../../src/index.js';
import { CallEngineController } from '../controllers/call-engine-controller.js';
import { tokens } from '../styles/tokens.js';
import { pickBanner, renderRecoveryBanner, type Banner } from './recovery-banner.js';
import { videoCallStyles } from './video-call.styles.js';

const QUALITY_TEXT: Partial<Record<QualityLevel, string>> = { fair: 'Unstable connection', poor: 'Weak connection', lost: 'No connection' };

const STATUS_TEXT: Record<CallState, string> = {
  idle: 'Not in a call.',
  joining: 'Joining…',
  waiting: 'Waiting for others to join.',
  connecting: 'Connecting…',
  connected: 'Connected.',
  reconnecting: 'Connection interrupted. Reconnecting…',
  ended: 'The call has ended.',
};

/**
 * @summary A video call in a room: local and remote videos, mute, camera and hang-up controls.
 *
 * @attr room - Room to join.
 * @attr signaling-url - Origin of the signaling server; the page's own origin when empty.
 * @attr participant-id - Stable id of this participant; generated when empty.
 * @attr display-name - Name shown to the others.
 * @attr mode - `room` (everyone connects) or `direct` (participants ring each other).
 * @attr auto-join - Join as soon as the element is on the page with a room.
 * @attr state - Reflected call state: idle | joining | waiting | connecting | connected | reconnecting | ended.
 * @prop {CallEngine | null} engine - Use an existing engine instead of creating one.
 *
 * @fires lifeline-state-change - The call state changed; `detail: { state, previous }`.
 * @fires lifeline-participant-joined - `detail: { participant }`.
 * @fires lifeline-participant-left - `detail: { participant }`.
 * @fires lifeline-incoming-call - Direct mode ringing; cancelable to replace the built-in prompt.
 * @fires lifeline-error - `detail: { error }`, a CallError with a documented `code`.
 * @fires lifeline-recovery - Each step of a call's recovery; `detail` is a RecoveryEvent.
 * @fires lifeline-quality - About once a second per call; `detail` is a QualityReport.
 *
 * @csspart base - The element's frame.
 * @csspart status - The status line (an aria-live region).
 * @csspart recovery-banner - What the call's recovery is doing; `data-step` names the ladder step.
 * @csspart recovery-message - The banner's sentence (an aria-live region).
 * @csspart recovery-countdown - While waiting for the network: how long it keeps trying.
 * @csspart quality - A remote tile's link quality when not good; the tile has `data-quality`.
 * @csspart grid - The video grid.
 * @csspart tile - Each participant's tile; also `local-tile` or `remote-tile`.
 * @csspart local-video - The local camera preview.
 * @csspart remote-video - Each remote participant's video.
 * @csspart name - The name on a tile.
 * @csspart controls - The control bar.
 * @csspart mute-button - Microphone toggle.
 * @csspart camera-button - Camera toggle.
 * @csspart hang-up-button - Leaves the call.
 * @csspart incoming - The incoming-call prompt.
 *
 * @cssprop --lifeline-video-call-background - Background of the element.
 */
export class VideoCall extends LitElement {
  static override styles = [tokens, videoCallStyles];

  @property() room = '';
  @property({ attribute: 'signaling-url' }) signalingUrl = '';
  @property({ attribute: 'participant-id' }) participantId = '';
  @property({ attribute: 'display-name' }) displayName = '';
  @property() mode: CallMode = 'room';
  @property({ type: Boolean, attribute: 'auto-join' }) autoJoin = false;
  /** Reflects the engine's state; setting it has no effect on the call. */
  @property({ reflect: true }) state: CallState = 'idle';
  @property({ attribute: false }) engine: CallEngine | null = null;

  private readonly call = new CallEngineController(this);
  private ownsEngine = false;
  private autoJoinedRoom: string | null = null;
  /** The recovery banner last rendered, and the timer that renders it again. */
  private banner: Banner | null = null;
  private bannerTimer: ReturnType<typeof setTimeout> | null = null;

  /** Joins `room`, creating an engine from the attributes unless one was given. */
  async join(): Promise<void> {
    if (!this.engine) {
      this.engine = new CallEngine({
        signalingUrl: this.signalingUrl || undefined,
        participantId: this.participantId || undefined,
        displayName: this.displayName,
        mode: this.mode,
      });
      this.ownsEngine = true;
      this.call.bind(this.engine);
    }
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

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.bannerTimer) clearTimeout(this.bannerTimer);
    this.bannerTimer = null;
    if (this.ownsEngine) {
      this.engine?.destroy();
      this.engine = null;
      this.ownsEngine = false;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('engine')) this.call.bind(this.engine);
    this.state = this.call.view.state;
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.scheduleBannerUpdate();
    if (changed.has('room')) this.autoJoinedRoom = null;
    if (this.autoJoin && this.room && this.room !== this.autoJoinedRoom && this.state === 'idle' && this.isConnected) {
      // Once per room: a join that fails is reported (lifeline-error, status line), not retried in a loop.
      this.autoJoinedRoom = this.room;
      this.join().catch(() => {});
    }
  }

  protected override render() {
    const view = this.call.view;
    const inCall = view.state !== 'idle' && view.state !== 'ended';
    return html`
      <div class="call" part="base">
        <p class="status" part="status" role="status" aria-live="polite">${this.statusText()}</p>
        ${this.renderRecovery()}
        ${view.incoming.map((call) => this.renderIncoming(call))}
        <div class="grid" part="grid">
          <figure class="tile local" part="tile local-tile">
            <video part="local-video" .srcObject=${view.localStream} .muted=${true} autoplay playsinline aria-label="Your camera"></video>
            <figcaption class="name" part="name">${this.displayName || 'You'}</figcaption>
          </figure>
          ${repeat(view.participants, (p) => p.id, (p) => this.renderRemote(p, view.remoteStreams.get(p.id) ?? null))}
        </div>
        <div class="controls" part="controls">
          <button part="mute-button" aria-pressed=${String(!view.media.audio)} ?disabled=${!inCall} @click=${this.toggleAudio}>
            ${view.media.audio ? 'Mute' : 'Unmute'}
          </button>
          <button part="camera-button" aria-pressed=${String(!view.media.video)} ?disabled=${!inCall} @click=${this.toggleVideo}>
            ${view.media.video ? 'Camera off' : 'Camera on'}
          </button>
          <button class="hang-up" part="hang-up-button" ?disabled=${!inCall} @click=${this.leave}>Hang up</button>
        </div>
      </div>
    `;
  }

  private renderRecovery() {
    const now = Date.now();
    this.banner = pickBanner(this.call.view.recovery, now);
    return renderRecoveryBanner(this.banner, now);
  }

  /** Renders again when the shown banner's countdown ticks or it is due to disappear. */
  private scheduleBannerUpdate(): void {
    if (this.bannerTimer) clearTimeout(this.bannerTimer);
    this.bannerTimer = null;
    const banner = this.banner;
    if (!banner || (!banner.giveUpAt && !banner.hideAt)) return;
    const now = Date.now();
    const next = banner.giveUpAt ? 1000 - ((banner.giveUpAt - now) % 1000) : banner.hideAt! - now;
    this.bannerTimer = setTimeout(() => this.requestUpdate(), Math.max(50, next));
  }

  private renderRemote(participant: Participant, stream: MediaStream | null) {
    const name = participant.name || participant.id;
    const level = this.call.view.quality.get(participant.id)?.level;
    const qualityText = level ? QUALITY_TEXT[level] : undefined;
    return html`
      <figure class="tile remote" part="tile remote-tile" data-quality=${level ?? nothing}>
        ${qualityText ? html`<span class="quality" part="quality">${qualityText}</span>` : nothing}
        ${stream ? html`<video part="remote-video" data-participant-id=${participant.id} .srcObject=${stream} autoplay playsinline aria-label=${`Video of ${name}`}></video>` : nothing}
        <figcaption class="name" part="name">${name}</figcaption>
      </figure>
    `;
  }

  private renderIncoming(call: IncomingCall) {
    const name = call.name || call.participantId;
    return html`
      <div class="incoming" part="incoming" role="alertdialog" aria-label=${`Incoming call from ${name}`}>
        <span>Incoming call from <bdi>${name}</bdi></span>
        <button part="accept-button" @click=${() => call.accept()}>Accept</button>
        <button class="decline" part="decline-button" @click=${() => call.decline()}>Decline</button>
      </div>
    `;
  }

  private statusText(): string {
    const error = this.call.view.lastError;
    if ((this.state === 'ended' || this.state === 'idle') && error) return `${STATUS_TEXT[this.state]} ${error.message}`;
    return STATUS_TEXT[this.state];
  }

  private toggleAudio = () => this.engine?.setAudioEnabled(!this.call.view.media.audio);
  private toggleVideo = () => this.engine?.setVideoEnabled(!this.call.view.media.video);
}
