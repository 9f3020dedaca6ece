import { html, nothing } from 'lit';
import type { RecoveryEvent, RecoveryStep } from '../../src/index.js';
import { recoveryText } from '../strings/resolve-strings.js';
import { fill, type LifelineStrings } from '../strings/strings.js';

export type RecoveryLog = ReadonlyMap<string, { event: RecoveryEvent; receivedAt: number }>;

/** How long "Connection restored." and a lost call's reason stay up after the fact. */
export const RESTORED_SHOWN_MS = 3_000;
export const ENDED_SHOWN_MS = 10_000;

const SEVERITY: Record<RecoveryStep, number> = {
  healthy: 0,
  suspect: 0,
  degraded: 1,
  'ice-restart': 2,
  'full-restart': 3,
  'waiting-for-network': 4,
  ended: 5,
};

export interface Banner {
  event: RecoveryEvent;
  /** While waiting for the network: when the call will be given up (ms since epoch). */
  giveUpAt: number | null;
  /** When the banner should disappear by itself, or null while the trouble lasts. */
  hideAt: number | null;
}

/**
 * The one recovery message worth showing across all calls: the most severe trouble, else a
 * recent ending or recovery. A suspect sample is a debounce, never shown.
 */
export function pickBanner(log: RecoveryLog, now: number): Banner | null {
  let worst: Banner | null = null;
  for (const { event, receivedAt } of log.values()) {
    const hideAt = event.step === 'healthy' ? receivedAt + RESTORED_SHOWN_MS : event.step === 'ended' ? receivedAt + ENDED_SHOWN_MS : null;
    if (event.step === 'suspect' || (hideAt !== null && hideAt <= now)) continue;
    const giveUpAt = event.step === 'waiting-for-network' && event.giveUpInMs !== undefined ? receivedAt + event.giveUpInMs : null;
    const candidate: Banner = { event, giveUpAt, hideAt };
    if (!worst || SEVERITY[event.step] > SEVERITY[worst.event.step]) worst = candidate;
  }
  return worst;
}

/**
 * The banner: the message sits in an aria-live region so a screen reader announces each step
 * once; the countdown sits outside it, so its ticking is not read out every second. The region
 * stays in the DOM when empty (only collapsed), since a region that appears together with its
 * text is not announced by every screen reader.
 */
export function renderRecoveryBanner(banner: Banner | null, now: number, strings: LifelineStrings) {
  const seconds = banner?.giveUpAt ? Math.max(0, Math.ceil((banner.giveUpAt - now) / 1000)) : null;
  return html`
    <div class="recovery" part="recovery-banner" data-step=${banner?.event.step ?? 'healthy'} ?data-active=${!!banner}>
      <span part="recovery-message" role="status" aria-live="polite">${banner ? recoveryText(strings, banner.event) : ''}</span>
      ${seconds !== null ? html`<span part="recovery-countdown">${fill(strings.stillTrying, { seconds })}</span>` : nothing}
    </div>
  `;
}
