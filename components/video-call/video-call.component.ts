import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Participant } from '../../src/index.js';
import { CallElement } from '../shared/call-element.js';
import { initials } from '../shared/initials.js';
import { callStyles } from '../shared/call.styles.js';
import { fill } from '../strings/strings.js';
import { tokens } from '../styles/tokens.js';
import { videoCallStyles } from './video-call.styles.js';

/**
 * @summary A video call in a room: local and remote videos, mute, camera and hang-up controls, device pickers.
 *
 * @attr room - Room to join.
 * @attr signaling-url - Origin of the signaling server; the page's own origin when empty.
 * @attr ice-config-url - Endpoint of this tenant's ICE config and TURN credentials; `iceConfig` is the fallback.
 * @attr participant-id - Stable id of this participant; generated when empty.
 * @attr display-name - Name shown to the others.
 * @attr mode - `room` (everyone connects) or `direct` (participants ring each other).
 * @attr auto-join - Join as soon as the element is on the page with a room.
 * @attr no-device-pickers - Hide the camera, microphone and speaker pickers.
 * @attr state - Reflected call state: idle | joining | waiting | connecting | connected | reconnecting | ended.
 * @prop {CallEngine | null} engine - Use an existing engine instead of creating one.
 * @prop {MediaDevicesLike | null} mediaDevices - The device layer of an engine the element creates; null for the browser's.
 *
 * @fires lifeline-state-change - The call state changed; `detail: { state, previous }`.
 * @fires lifeline-participant-joined - `detail: { participant }`.
 * @fires lifeline-participant-left - `detail: { participant }`.
 * @fires lifeline-incoming-call - Direct mode ringing; cancelable to replace the built-in prompt.
 * @fires lifeline-error - `detail: { error }`, a CallError with a documented `code`.
 * @fires lifeline-recovery - Each step of a call's recovery; `detail` is a RecoveryEvent.
 * @fires lifeline-quality - About once a second per call; `detail` is a QualityReport.
 * @fires lifeline-device-recovery - A device in use went away or came back; `detail` is a DeviceRecoveryEvent.
 *
 * @csspart base - The element's frame.
 * @csspart status - The status line (an aria-live region).
 * @csspart recovery-banner - What the call's recovery is doing; `data-step` names the ladder step.
 * @csspart recovery-message - The banner's sentence (an aria-live region).
 * @csspart recovery-countdown - While waiting for the network: how long it keeps trying.
 * @csspart device-notice - What happened to a device (an aria-live region); `data-action` is switched, stopped, restored or failed.
 * @csspart device-notice-dismiss - Hides the device notice.
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
 * @csspart camera-select - The camera picker (in a call).
 * @csspart microphone-select - The microphone picker (in a call).
 * @csspart speaker-select - The speaker picker, where the browser can choose one.
 * @csspart incoming - The incoming-call prompt.
 *
 * @cssprop --lifeline-video-call-background - Background of the element.
 */
export class VideoCall extends CallElement {
  static override styles = [tokens, callStyles, videoCallStyles];

  protected readonly requestedMedia = { audio: true, video: true };

  protected override render() {
    const view = this.call.view;
    const strings = this.text;
    const count = 1 + view.participants.length;
    const alone = view.participants.length === 0 && (this.state === 'waiting' || this.state === 'connecting');
    return html`
      <div class="call" part="base">
        ${this.renderNews()}
        <div class="grid" part="grid" data-count=${Math.min(count, 4)}>
          ${this.renderTile({
            local: true,
            name: this.displayName || strings.you,
            stream: view.localStream,
            audio: view.media.audio,
            video: view.media.video,
          })}
          ${repeat(view.participants, (p) => p.id, (p) => this.renderRemote(p))}
          ${alone ? html`<div class="empty" part="empty"><slot name="empty">${strings.empty}</slot></div>` : nothing}
        </div>
        ${this.renderControls(['camera', 'microphone', 'speaker'], this.toggleVideo)}
      </div>
    `;
  }

  private renderRemote(participant: Participant) {
    const stream = this.call.view.remoteStreams.get(participant.id) ?? null;
    return this.renderTile({ participant, name: participant.name || participant.id, stream, audio: participant.audio, video: participant.video });
  }

  /**
   * One tile: the video (or the person's initials while their camera is off), their name, and
   * badges for muted, camera off, speaking and a weak link; each badge says it in words.
   */
  private renderTile(tile: { local?: boolean; participant?: Participant; name: string; stream: MediaStream | null; audio: boolean; video: boolean }) {
    const strings = this.text;
    const id = tile.participant?.id;
    const speaking = id !== undefined && this.isSpeaking(id);
    const level = id === undefined ? undefined : this.call.view.quality.get(id)?.level;
    const showVideo = tile.stream && tile.video;
    return html`
      <figure
        class="tile ${tile.local ? 'local' : 'remote'}"
        part="tile ${tile.local ? 'local-tile' : 'remote-tile'}${speaking ? ' speaking-tile' : ''}"
        data-participant-id=${id ?? nothing}
        data-quality=${level ?? nothing}
        ?data-speaking=${speaking}
      >
        ${tile.local
          ? html`<video part="local-video" .srcObject=${tile.stream} .muted=${true} autoplay playsinline aria-label=${strings.yourCamera} ?hidden=${!showVideo}></video>`
          : tile.stream
            ? html`<video part="remote-video" data-call-output data-participant-id=${id!} .srcObject=${tile.stream} autoplay playsinline aria-label=${fill(strings.videoOf, { name: tile.name })} ?hidden=${!showVideo}></video>`
            : nothing}
        ${showVideo ? nothing : html`<span class="avatar" part="avatar" aria-hidden="true">${initials(tile.name)}</span>`}
        <figcaption class="caption">
          <span class="name" part="name">${tile.name}</span>
          ${speaking ? html`<span class="badge speaking" part="speaking">${strings.speaking}</span>` : nothing}
          ${tile.audio ? nothing : html`<span class="badge" part="muted">${strings.muted}</span>`}
          ${tile.video ? nothing : html`<span class="badge" part="camera-off">${strings.cameraOff}</span>`}
        </figcaption>
        ${this.renderQuality(level)}
      </figure>
    `;
  }

  private toggleVideo = () => this.engine?.setVideoEnabled(!this.call.view.media.video);
}
