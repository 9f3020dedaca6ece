import { html, nothing, type TemplateResult } from 'lit';
import type { DeviceKind } from '../../src/index.js';
import type { CallEngineController } from '../controllers/call-engine-controller.js';
import type { LifelineStrings } from '../strings/strings.js';
import { pickerKinds, renderDevicePickers } from './device-pickers.js';
import { icon, type IconName } from './icons.js';
import type { OverflowMenu } from './overflow-menu.js';

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
  toggleVideo?: (() => void) | null;
  /** Starts or stops sharing a screen; the button shows only where the browser can share one. */
  toggleScreenShare?: (() => void) | null;
  toggleRecording: () => void;
  hangUp: () => void;
}

/**
 * The control bar: icon buttons whose text is their accessible name (shown as a tooltip).
 * Toggles keep their names and say their state with `aria-pressed` and a second icon (a name
 * that flipped between "Mute" and "Unmute" would contradict its own pressed state). Each button
 * is a part of its own. Record and the pickers are extras: in a bar narrower than 400px the
 * stylesheet hides them and shows the "More" button, whose menu offers the same choices.
 */
export function renderControls(
  strings: LifelineStrings,
  controller: CallEngineController,
  kinds: DeviceKind[],
  state: ControlsState,
  actions: ControlsActions,
  menu: OverflowMenu,
): TemplateResult {
  const { view } = controller;
  const { controls } = strings;
  const off = !state.inCall;
  const pickers = state.pickers ? pickerKinds(kinds, view) : [];
  const pick = (kind: DeviceKind, id: string) => void controller.selectDevice(kind, id);
  const recordOff = off && !state.recording;
  const share = !!actions.toggleScreenShare && canShareScreen();
  return html`
    <div class="controls" part="controls" role="group" aria-label=${controls.label}>
      ${toggle('mute-button', controls.mute, 'microphone', !view.media.audio, off, actions.toggleAudio)}
      ${actions.toggleVideo ? toggle('camera-button', controls.camera, 'camera', !view.media.video, off, actions.toggleVideo) : nothing}
      ${share ? toggle('screen-share-button', controls.shareScreen, 'screen-share', view.screenSharing, off, actions.toggleScreenShare!, 'screen-share-stop') : nothing}
      ${state.recordable ? toggle('record-button', controls.record, 'record', state.recording, recordOff, actions.toggleRecording, 'record-stop') : nothing}
      <button class="icon-button hang-up" part="hang-up-button" aria-label=${controls.hangUp} ?disabled=${off} @click=${actions.hangUp}>${iconAndLabel(controls.hangUp, 'hang-up')}</button>
      ${renderDevicePickers(pickers, view, pick, strings)}
      ${share || state.recordable || pickers.length > 0 ? renderMore(strings, controller, pickers, share, state, actions, menu) : nothing}
    </div>
  `;
}

/** The narrow bar's More button, and its menu while open. */
function renderMore(
  strings: LifelineStrings,
  controller: CallEngineController,
  pickers: DeviceKind[],
  share: boolean,
  state: ControlsState,
  actions: ControlsActions,
  menu: OverflowMenu,
) {
  return html`<div class="more">
    <button class="icon-button more-button" part="more-button" aria-label=${strings.controls.more} aria-haspopup="menu" aria-expanded=${String(menu.open)} @click=${menu.toggle} @keydown=${menu.onButtonKey}>
      ${iconAndLabel(strings.controls.more, 'more')}
    </button>
    ${menu.open && menu.view ? menu.view.renderMenu(strings, controller, pickers, share, state, actions, menu) : nothing}
  </div>`;
}

/** Phones (and pages without a secure context) have no getDisplayMedia: a share button there could only fail. */
export function canShareScreen(): boolean {
  return typeof globalThis.navigator?.mediaDevices?.getDisplayMedia === 'function';
}

/** A toggle with its icon while off and `pressedIcon` while pressed (by default the icon with `-off`). */
export function toggle(
  part: string,
  label: string,
  name: IconName,
  pressed: boolean,
  disabled: boolean,
  onClick: () => void,
  pressedIcon = `${name}-off` as IconName,
) {
  return html`<button class="icon-button toggle ${part}" part=${part} aria-label=${label} aria-pressed=${String(pressed)} ?disabled=${disabled} @click=${onClick}>
    ${iconAndLabel(label, name, pressedIcon)}
  </button>`;
}

/**
 * The icons and the label, visually hidden until hover or focus makes it a tooltip. The button
 * also carries the label as its `aria-label`: Chromium names a button from its flattened content,
 * slotted nodes included even under an `aria-hidden` wrapper, so a host's icon with words of its
 * own (a `<title>`) would otherwise join the name.
 */
export const iconAndLabel = (label: string, ...names: IconName[]) =>
  html`<span class="icons" aria-hidden="true">${names.map(icon)}</span><span class="label visually-hidden">${label}</span>`;
