import { html, nothing } from 'lit';
import type { DeviceNotice } from '../controllers/call-engine-controller.js';
import { deviceRecoveryText, errorText } from '../strings/resolve-strings.js';
import type { LifelineStrings } from '../strings/strings.js';

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

/** A failed pick is an error, said by its code; the rest is the device manager's news. */
function noticeText(strings: LifelineStrings, notice: DeviceNotice): string {
  return notice.action === 'failed' ? errorText(strings, notice.error) : deviceRecoveryText(strings, notice.recovery);
}
