import { html, nothing, type TemplateResult } from 'lit';
import type { DeviceKind } from '../../src/index.js';
import type { CallEngineController } from '../controllers/call-engine-controller.js';
import type { LifelineStrings } from '../strings/strings.js';
import { renderDevicePickers } from './device-pickers.js';

export interface ControlsState {
  inCall: boolean;
  /** Show the device pickers (in a call, unless `no-device-pickers`). */
  pickers: boolean;
  /** Show the record button (`recordable`), and whether this element is recording. */
  recordable: boolean;
  recording: boolean;
}

export interface ControlsActions {
  toggleAudio: () => void;
  toggleVideo?: () => void;
  /** Starts or stops sharing a screen; the button shows only where the browser can share one. */
  toggleScreenShare?: () => void;
  toggleRecording: () => void;
  hangUp: () => void;
}

/**
 * The control bar: toggles keep their names and say their state with `aria-pressed` (a name
 * that flips between "Mute" and "Unmute" would contradict its own pressed state), then hang up,
 * then the pickers of `kinds`. Each button is a part of its own.
 */
export function renderControls(
  strings: LifelineStrings,
  controller: CallEngineController,
  kinds: DeviceKind[],
  state: ControlsState,
  actions: ControlsActions,
): TemplateResult {
  const { media } = controller.view;
  const { controls } = strings;
  const off = !state.inCall;
  return html`
    <div class="controls" part="controls" role="group" aria-label=${controls.label}>
      ${toggle('mute-button', controls.mute, !media.audio, off, actions.toggleAudio)}
      ${actions.toggleVideo ? toggle('camera-button', controls.camera, !media.video, off, actions.toggleVideo) : nothing}
      ${actions.toggleScreenShare && canShareScreen() ? toggle('screen-share-button', controls.shareScreen, controller.view.screenSharing, off, actions.toggleScreenShare) : nothing}
      ${state.recordable ? toggle('record-button', controls.record, state.recording, off && !state.recording, actions.toggleRecording) : nothing}
      <button class="hang-up" part="hang-up-button" ?disabled=${off} @click=${actions.hangUp}>${controls.hangUp}</button>
      ${state.pickers ? renderDevicePickers(kinds, controller.view, (kind, id) => void controller.selectDevice(kind, id), strings) : nothing}
    </div>
  `;
}

/** Phones (and pages without a secure context) have no getDisplayMedia: a share button there could only fail. */
function canShareScreen(): boolean {
  return typeof globalThis.navigator?.mediaDevices?.getDisplayMedia === 'function';
}

function toggle(part: string, label: string, pressed: boolean, disabled: boolean, onClick: () => void) {
  return html`<button class="toggle" part=${part} aria-pressed=${String(pressed)} ?disabled=${disabled} @click=${onClick}>${label}</button>`;
}
