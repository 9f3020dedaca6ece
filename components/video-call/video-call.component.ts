import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Participant } from '../../src/index.js';
import { CallElement } from '../shared/call-element.js';
import { callStyles } from '../shared/call.styles.js';
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
 * @fires lifeline-recording - A recording of the call changed state or hit an error; `detail` is a RecordingStatus.
 *
 * @csspart base - The element's frame.
 * @csspart status - The status line (an aria-live region).
 * @csspart recording - The recording indicator (a status region), with `data-state`.
 * @csspart recovery-banner - What the call's recovery is doing; `data-step` names the ladder step.
 * @csspart recovery-message - The banner's sentence (an aria-live region).
 * @csspart recovery-countdown - While waiting for the network: how long it keeps trying.
 * @csspart device-notice - What happened to a device (an aria-live region); `data-action` is switched, stopped, restored or failed.
 * @csspart device-notice-dismiss - Hides the device notice.
 * @csspart quality - A remote tile's link quality when not good; the tile has `data-quality`.
 * @csspart grid - The video grid.
 * @csspart tile - Each participant's tile; also `local-tile` or `remote-tile`.
 * @csspart local-tile - This person's own tile.
 * @csspart remote-tile - Each other participant's tile.
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
 * @csspart accept-button - Answers an incoming call.
 * @csspart decline-button - Turns an incoming call down.
 *
 * @cssprop --lifeline-video-call-background - Background of the element.
 * @cssprop --lifeline-recording-color - The dot of the recording indicator while recording.
 */
export class VideoCall extends CallElement {
  static override styles = [tokens, callStyles, videoCallStyles];

  protected readonly requestedMedia = { audio: true, video: true };

  protected override render() {
    const view = this.call.view;
    return html`
      <div class="call" part="base">
        ${this.renderNews()}
        <div class="grid" part="grid">
          <figure class="tile local" part="tile local-tile">
            <video part="local-video" .srcObject=${view.localStream} .muted=${true} autoplay playsinline aria-label="Your camera"></video>
            <figcaption class="name" part="name">${this.displayName || 'You'}</figcaption>
          </figure>
          ${repeat(view.participants, (p) => p.id, (p) => this.renderRemote(p, view.remoteStreams.get(p.id) ?? null))}
        </div>
        ${this.renderControls(
          ['camera', 'microphone', 'speaker'],
          html`<button part="camera-button" aria-pressed=${String(!view.media.video)} ?disabled=${!this.inCall} @click=${this.toggleVideo}>
            ${view.media.video ? 'Camera off' : 'Camera on'}
          </button>`,
        )}
      </div>
    `;
  }

  private renderRemote(participant: Participant, stream: MediaStream | null) {
    const name = participant.name || participant.id;
    const level = this.call.view.quality.get(participant.id)?.level;
    return html`
      <figure class="tile remote" part="tile remote-tile" data-quality=${level ?? nothing}>
        ${this.renderQuality(level)}
        ${stream
          ? html`<video part="remote-video" data-call-output data-participant-id=${participant.id} .srcObject=${stream} autoplay playsinline aria-label=${`Video of ${name}`}></video>`
          : nothing}
        <figcaption class="name" part="name">${name}</figcaption>
      </figure>
    `;
  }

  private toggleVideo = () => this.engine?.setVideoEnabled(!this.call.view.media.video);
}
