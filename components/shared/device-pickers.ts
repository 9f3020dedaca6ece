import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { canChooseSpeaker, devicesOfKind, type DeviceKind } from '../../src/index.js';
import type { CallView } from '../controllers/call-engine-controller.js';
import type { LifelineStrings } from '../strings/strings.js';

/** What the pickers show: a call's devices, or the pre-join screen's. */
export type PickerView = Pick<CallView, 'devices' | 'deviceInUse'>;

/**
 * The kinds that get a picker: the speaker is left out where the browser cannot choose one or
 * lists none, as the system's own setting applies there.
 */
export function pickerKinds(kinds: DeviceKind[], view: PickerView): DeviceKind[] {
  return kinds.filter((kind) => kind !== 'speaker' || (canChooseSpeaker() && view.devices.speakers.length > 0));
}

/**
 * A labelled picker per kind (parts `camera-select`, `microphone-select`, `speaker-select`),
 * showing the device in use. In a narrow bar they give way to the overflow menu's device groups.
 */
export function renderDevicePickers(kinds: DeviceKind[], view: PickerView, onPick: (kind: DeviceKind, deviceId: string) => void, strings: LifelineStrings) {
  return kinds.map((kind) => {
    const devices = devicesOfKind(view.devices, kind);
    const current = view.deviceInUse[kind];
    return html`
      <label class="picker">
        <span>${strings.pickers[kind]}</span>
        <select part=${`${kind}-select`} ?disabled=${devices.length === 0} @change=${(e: Event) => onPick(kind, (e.target as HTMLSelectElement).value)}>
          ${devices.length === 0 ? html`<option value="">${strings.noDevice[kind]}</option>` : nothing}
          ${devices.map((d) => html`<option value=${d.id} .selected=${live(d.id === current)}>${d.label}</option>`)}
        </select>
      </label>
    `;
  });
}
