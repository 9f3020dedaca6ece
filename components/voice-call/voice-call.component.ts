import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Participant } from '../../src/index.js';
import { CallElement } from '../shared/call-element.js';
import { callStyles } from '../shared/call.styles.js';
import { tokens } from '../styles/tokens.js';
import { voiceCallStyles } from './voice-call.styles.js';

/**
 * @summary A voice call in a room: the participants as a list, mute and hang-up controls,
 * microphone and speaker pickers. No camera is ever asked for.
 *
 * @attr room - Room to join.
 * @attr signaling-url - Origin of the signaling server; the page's own origin when empty.
 * @attr ice-config-url - Endpoint of this tenant's ICE config and TURN credentials; `iceConfig` is the fallback.
 * @attr participant-id - Stable id of this participant; generated when empty.
 * @attr display-name - Name shown to the others.
 * @attr mode - `room` (everyone connects) or `direct` (participants ring each other).
 * @attr auto-join - Join as soon as the element is on the page with a room.
 * @attr no-device-pickers - Hide the microphone and speaker pickers.
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
 * @csspart participants - The list of people in the call.
 * @csspart participant - Each person; also `local-participant` or `remote-participant` (with `data-participant-id`, `data-quality`).
 * @csspart local-participant - This person in the list.
 * @csspart remote-participant - Each other person in the list.
 * @csspart name - A person's name.
 * @csspart muted - Shown beside a person whose microphone is off.
 * @csspart quality - A remote person's link quality when not good.
 * @csspart remote-audio - The hidden <audio> playing each remote person.
 * @csspart controls - The control bar.
 * @csspart mute-button - Microphone toggle.
 * @csspart hang-up-button - Leaves the call.
 * @csspart microphone-select - The microphone picker (in a call).
 * @csspart speaker-select - The speaker picker, where the browser can choose one.
 * @csspart incoming - The incoming-call prompt.
 * @csspart accept-button - Answers an incoming call.
 * @csspart decline-button - Turns an incoming call down.
 *
 * @cssprop --lifeline-voice-call-background - Background of the element.
 * @cssprop --lifeline-recording-color - The dot of the recording indicator while recording.
 */
export class VoiceCall extends CallElement {
  static override styles = [tokens, callStyles, voiceCallStyles];

  protected readonly requestedMedia = { audio: true, video: false };

  protected override render() {
    const view = this.call.view;
    return html`
      <div class="call" part="base">
        ${this.renderNews()}
        <ul class="participants" part="participants" aria-label="People in the call">
          <li class="participant" part="participant local-participant">
            <span class="name" part="name">${this.displayName || 'You'}</span>
            ${view.media.audio ? nothing : html`<span class="muted" part="muted">Muted</span>`}
          </li>
          ${repeat(view.participants, (p) => p.id, (p) => this.renderRemote(p, view.remoteStreams.get(p.id) ?? null))}
        </ul>
        ${this.renderControls(['microphone', 'speaker'])}
      </div>
    `;
  }

  private renderRemote(participant: Participant, stream: MediaStream | null) {
    const level = this.call.view.quality.get(participant.id)?.level;
    return html`
      <li class="participant" part="participant remote-participant" data-participant-id=${participant.id} data-quality=${level ?? nothing}>
        <span class="name" part="name">${participant.name || participant.id}</span>
        ${participant.audio ? nothing : html`<span class="muted" part="muted">Muted</span>`}
        ${this.renderQuality(level)}
        ${stream ? html`<audio part="remote-audio" data-call-output data-participant-id=${participant.id} .srcObject=${stream} autoplay></audio>` : nothing}
      </li>
    `;
  }
}
