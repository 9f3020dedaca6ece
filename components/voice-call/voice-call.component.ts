import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Participant } from '../../src/index.js';
import { CallElement } from '../shared/call-element.js';
import { initials } from '../shared/initials.js';
import { mediaStream } from '../shared/media-stream.js';
import { callStyles } from '../shared/call.styles.js';
import { tokens } from '../styles/tokens.js';
import { voiceCallStyles } from './voice-call.styles.js';

/**
 * @tagname voice-call
 * @summary A voice call in a room: the people as a list with initials and speaking, muted and
 * link-quality badges, controls, a status line and recovery banner, microphone and speaker
 * pickers and, in direct mode, an incoming-call prompt. No camera is ever asked for.
 *
 * @attr room - Room to join.
 * @attr signaling-url - Origin of the signaling server; the page's own origin when empty.
 * @attr ice-config-url - Endpoint of this tenant's ICE config and TURN credentials; `iceConfig` is the fallback.
 * @attr participant-id - Stable id of this participant; generated when empty.
 * @attr token - The signed join token for this person and room, where the server requires one (its `sub` is the participant id).
 * @attr display-name - Name shown to the others.
 * @attr mode - `room` (everyone connects) or `direct` (participants ring each other).
 * @attr auto-join - Join as soon as the element is on the page with a room.
 * @attr prejoin - Show the pre-join screen before joining, as `<video-call prejoin>` without the camera: name, microphone and speaker pickers, level, microphone on or off, Join.
 * @attr no-device-pickers - Hide the device pickers.
 * @attr no-controls - Hide the built-in control bar (put your own in the `controls` slot).
 * @attr recordable - Offer a record button; recordings go to the signaling server's sink unless `recordingOptions.sinkUrl` says otherwise.
 * @attr shortcuts - Keyboard shortcuts anywhere on the page (Ctrl/Cmd+D microphone, Ctrl/Cmd+Shift+S screen share where the element offers it); without it they work only while focus is inside the element.
 * @attr theme - `light` or `dark`; when absent, the person's `prefers-color-scheme`.
 * @attr state - Reflected call state: idle | joining | waiting-room | waiting | connecting | connected | reconnecting | ended.
 * @prop {CallEngine | null} engine - Use an existing engine instead of creating one.
 * @prop {IceConfig | null} iceConfig - STUN and TURN servers; the fallback when `ice-config-url` fails.
 * @prop {(() => Promise<string>) | null} tokenProvider - Asked for a join token on join and again before it expires; instead of `token`.
 * @prop {MediaDevicesLike | null} mediaDevices - The device layer of an engine the element creates; null for the browser's.
 * @prop {StringsOverride | null} strings - Texts instead of the built-in English: any part of `LifelineStrings`.
 * @prop {RecordingSessionOptions} recordingOptions - Options of recordings started from the record button.
 *
 * @fires lifeline-state-change - The call state changed; `detail: { state, previous }`.
 * @fires lifeline-prejoin - The person pressed Join on the pre-join screen; cancelable to hold the join; `detail: { displayName, audio, video, devices }`.
 * @fires lifeline-participant-joined - `detail: { participant }`.
 * @fires lifeline-participant-left - `detail: { participant }`.
 * @fires lifeline-incoming-call - Direct mode ringing; cancelable to replace the built-in prompt.
 * @fires lifeline-error - `detail: { error }`, a CallError with a documented `code`.
 * @fires lifeline-recovery - Each step of a call's recovery; `detail` is a RecoveryEvent.
 * @fires lifeline-quality - About once a second per call; `detail` is a QualityReport.
 * @fires lifeline-device-recovery - A device in use went away or came back; `detail` is a DeviceRecoveryEvent.
 * @fires lifeline-recording - The recording's state changed; `detail` is a RecordingStatus.
 * @fires lifeline-screen-share - This participant started or stopped sharing a screen (through the engine's API); `detail: { sharing, stream }`.
 * @fires lifeline-shortcut - A keyboard shortcut was pressed in a call, before the element acts; cancelable to act yourself (the key is still kept from the browser); `detail: { action }` (microphone; voice calls share no screen).
 * @fires lifeline-knock - A guest knocks at the waiting room (to a host); cancelable to replace the built-in prompt; `detail: { participantId, name, admit(), deny() }`.
 *
 * @slot controls - Replaces the built-in control bar.
 * @slot empty - Shown while nobody else is in the room, instead of the built-in sentence.
 * @slot branding - Beside the status line: a logo, a product name.
 * @slot icon-microphone - Replaces the microphone icon (mute button, not pressed); the button keeps its name (`aria-label`) whatever the icon says.
 * @slot icon-microphone-off - Replaces the microphone-off icon (mute button, pressed).
 * @slot icon-record - Replaces the record icon (record button, not pressed).
 * @slot icon-record-stop - Replaces the stop-recording icon (record button, pressed).
 * @slot icon-hang-up - Replaces the hang-up icon.
 * @slot icon-more - Replaces the icon of the narrow bar's More button.
 *
 * @csspart base - The element's frame.
 * @csspart prejoin - The pre-join screen (with `prejoin`, before joining).
 * @csspart prejoin-name - The name field, when the element has no `display-name`.
 * @csspart prejoin-microphone-button - Turns the microphone off for the join, and on again (`aria-pressed` while off).
 * @csspart prejoin-level - The microphone's live level (role meter).
 * @csspart prejoin-help - Why there is no microphone and what to do (an alert).
 * @csspart prejoin-retry - Opens the microphone again after a failure.
 * @csspart join-button - Joins with the choices on the screen.
 * @csspart rejoin-button - After a call (with `prejoin`): opens the pre-join screen again.
 * @csspart status - The status line (an aria-live region).
 * @csspart announcement - Who joined or left, for screen readers only (an aria-live region).
 * @csspart recovery-banner - What the call's recovery is doing; `data-step` names the ladder step.
 * @csspart recovery-message - The banner's sentence (an aria-live region).
 * @csspart recovery-countdown - While waiting for the network: how long it keeps trying.
 * @csspart device-notice - What happened to a device (an aria-live region); `data-action` is switched, stopped, restored or failed.
 * @csspart device-notice-dismiss - Hides the device notice.
 * @csspart recording - The recording indicator (an aria-live region); `data-state` is recording, saving, saved or failed.
 * @csspart incoming - The incoming-call prompt.
 * @csspart accept-button - Accepts the incoming call.
 * @csspart decline-button - Declines the incoming call.
 * @csspart knock - A guest waiting to be let in (to a host), with Admit and Deny.
 * @csspart admit-button - Lets the knocking guest in.
 * @csspart deny-button - Turns the knocking guest away.
 * @csspart host-bar - A host's controls of the room: lock and end for everyone.
 * @csspart lock-button - Locks the room so that guests knock (`aria-pressed` while locked).
 * @csspart end-for-everyone-button - Ends the call for everyone in the room.
 * @csspart host-actions - A host's actions on a remote person.
 * @csspart ask-to-mute-button - Asks that person to mute.
 * @csspart remove-button - Removes that person from the call.
 * @csspart mute-request - Who asked this person to mute (an aria-live region).
 * @csspart mute-request-dismiss - Hides the mute request notice.
 * @csspart empty - The empty-room message.
 * @csspart participants - The list of people in the call.
 * @csspart participant - Each person; also `local-participant` or `remote-participant`, and `speaking-participant` while they speak (`data-participant-id`, `data-quality`, `data-speaking`).
 * @csspart avatar - A person's initials.
 * @csspart name - A person's name.
 * @csspart speaking - The badge of someone speaking.
 * @csspart muted - The badge of someone whose microphone is off.
 * @csspart quality - A remote person's link quality when not good.
 * @csspart remote-audio - The hidden <audio> playing each remote person.
 * @csspart controls - The control bar.
 * @csspart mute-button - Microphone toggle (`aria-pressed` while muted, shown by a second icon); its name shows as a tooltip.
 * @csspart record-button - Record toggle, with `recordable` (`aria-pressed` while recording).
 * @csspart hang-up-button - Leaves the call.
 * @csspart more-button - In a bar narrower than 400px: opens the menu of the controls that do not fit (`aria-expanded` while open).
 * @csspart menu - The More button's menu (`role="menu"`): record, and the devices by kind.
 * @csspart menu-item - Each item of that menu (`aria-checked` on record and on the device in use).
 * @csspart icon - Every built-in icon of the control bar (an inline SVG drawn with `stroke: currentColor`).
 * @csspart icon-microphone - The microphone icon.
 * @csspart icon-microphone-off - The microphone icon while muted.
 * @csspart icon-record - The record icon.
 * @csspart icon-record-stop - The record button's icon while recording.
 * @csspart icon-hang-up - The hang-up icon.
 * @csspart icon-more - The More button's icon.
 * @csspart microphone-select - The microphone picker (in a call).
 * @csspart speaker-select - The speaker picker, where the browser can choose one.
 *
 * @cssprop --lifeline-voice-call-background - Background of the element.
 * @cssprop --lifeline-recording-color - The dot of the recording indicator while recording.
 * @cssprop --lifeline-color-background - Every element's background (global token).
 * @cssprop --lifeline-color-surface - Tiles, rows, buttons (global token).
 * @cssprop --lifeline-color-text - Text (global token).
 * @cssprop --lifeline-color-text-muted - Secondary text (global token).
 * @cssprop --lifeline-color-accent - Pressed toggles, avatars, the meter (global token).
 * @cssprop --lifeline-color-on-accent - Text on the accent colour (global token).
 * @cssprop --lifeline-color-danger - Hang up, failures (global token).
 * @cssprop --lifeline-color-on-danger - Text on the danger colour (global token).
 * @cssprop --lifeline-color-warning - The recovery banner and device notice (global token).
 * @cssprop --lifeline-color-speaking - The speaking outline (global token).
 * @cssprop --lifeline-radius - Corner radius (global token).
 * @cssprop --lifeline-spacing - The gap between pieces (global token).
 * @cssprop --lifeline-font-family - Font (global token).
 * @cssprop --lifeline-focus-ring - The keyboard focus ring, a box-shadow (global token).
 */
export class VoiceCall extends CallElement {
  static override styles = [tokens, callStyles, voiceCallStyles];

  protected readonly requestedMedia = { audio: true, video: false };

  protected override render() {
    const view = this.engineController.view;
    const strings = this.text;
    const alone = view.participants.length === 0 && (this.state === 'waiting' || this.state === 'connecting');
    if (this.prejoinScreen?.shown)
      return html`<div class="call" part="base">${this.renderNews()} ${this.prejoinScreen.render(strings, ['microphone', 'speaker'])}</div>`;
    return html`
      <div class="call" part="base">
        ${this.renderNews()}
        <ul class="participants" part="participants" aria-label=${strings.people}>
          ${this.renderPerson(null, this.displayName || strings.you, view.media.audio)}
          ${repeat(
            view.participants,
            (p) => p.id,
            (p) => this.renderPerson(p, p.name || p.id, p.audio),
          )}
        </ul>
        ${alone ? html`<p class="empty" part="empty"><slot name="empty">${strings.empty}</slot></p>` : nothing}
        ${this.renderControls(['microphone', 'speaker'])}
      </div>
    `;
  }

  /** One person: initials, name, and badges for speaking, muted and a weak link; a remote one's audio plays here. */
  private renderPerson(participant: Participant | null, name: string, audio: boolean) {
    const strings = this.text;
    const id = participant?.id;
    const { speaking, level } = this.liveStateOf(id);
    const stream = id === undefined ? undefined : this.engineController.view.remoteStreams.get(id);
    return html`
      <li
        class="participant"
        part="participant ${participant ? 'remote-participant' : 'local-participant'}${speaking ? ' speaking-participant' : ''}"
        data-participant-id=${id ?? nothing}
        data-quality=${level ?? nothing}
        ?data-speaking=${speaking}
      >
        <span class="avatar" part="avatar" aria-hidden="true">${initials(name)}</span>
        <span class="name" part="name">${name}</span>
        ${speaking ? html`<span class="badge speaking" part="speaking">${strings.speaking}</span>` : nothing}
        ${audio ? nothing : html`<span class="badge muted" part="muted">${strings.muted}</span>`}
        ${this.renderQuality(level)}
        ${participant ? this.renderHostActions(participant) : nothing}
        ${stream ? html`<audio part="remote-audio" data-call-output data-participant-id=${id!} ${mediaStream(stream)} autoplay></audio>` : nothing}
      </li>
    `;
  }
}
