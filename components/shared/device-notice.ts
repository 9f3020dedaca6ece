import { html, nothing } from 'lit';
import type { DeviceNotice } from '../controllers/call-engine-controller.js';
import { fill, type LifelineStrings } from '../strings/strings.js';

/** How long a notice that needs nothing of the person stays up (switched, restored, a failed pick). */
export const DEVICE_NOTICE_SHOWN_MS = 8_000;

/** When the notice disappears by itself; null while it waits for a device or a dismissal (stopped). */
export function noticeHideAt(notice: DeviceNotice): number | null {
  return notice.action === 'stopped' ? null : notice.receivedAt + DEVICE_NOTICE_SHOWN_MS;
}

/** The notice worth showing now, if any. */
export function pickDeviceNotice(notice: DeviceNotice | null, now: number): DeviceNotice | null {
  if (!notice) return null;
  const hideAt = noticeHideAt(notice);
  return hideAt === null || now < hideAt ? notice : null;
}

/**
 * What happened to a device, in an aria-live region that stays in the DOM when empty (as the
 * recovery banner does); the dismiss button sits outside it, so it is not read out with the news.
 */
export function renderDeviceNotice(notice: DeviceNotice | null, onDismiss: () => void, strings: LifelineStrings) {
  return html`
    <div class="device-notice" data-action=${notice?.action ?? nothing} ?data-active=${!!notice}>
      <p part="device-notice" role="status" aria-live="polite" data-action=${notice?.action ?? nothing}>${notice ? noticeText(strings, notice) : ''}</p>
      ${notice ? html`<button part="device-notice-dismiss" aria-label=${strings.dismissNotice} @click=${onDismiss}>${strings.dismiss}</button>` : nothing}
    </div>
  `;
}

/** The host's sentence for what happened, else the core's English. */
function noticeText(strings: LifelineStrings, { action, device, label, code, message }: DeviceNotice): string {
  const text = action === 'switched' ? strings.deviceSwitched : action === 'restored' ? strings.deviceRestored : code ? strings.errors[code] : undefined;
  return text ? fill(text, { device: strings.devices[device], label: label ?? '' }) : message;
}
