import { html } from 'lit';
import type { CallError, CallState, EndedReason } from '../../src/index.js';
import type { Announcement } from '../controllers/call-engine-controller.js';
import { errorText } from '../strings/resolve-strings.js';
import { fill, type LifelineStrings } from '../strings/strings.js';

/** The status line (a live region): the call's state, and why it ended when it failed or a host ended it. */
export function renderStatus(strings: LifelineStrings, state: CallState, error: CallError | null, endReason: EndedReason | null = null) {
  const status = state === 'ended' && endReason === 'ended-by-host' ? strings.host.endedByHost : strings.status[state];
  const text = (state === 'ended' || state === 'idle') && error ? fill(strings.statusWithError, { status, error: errorText(strings, error) }) : status;
  return html`<p class="status" part="status" role="status" aria-live="polite">${text}</p>`;
}

/**
 * Arrivals and departures, read out by screen readers and not shown: the tiles show who is
 * there. The region stays in the DOM so that its first news is announced too.
 */
export function renderAnnouncement(strings: LifelineStrings, announcement: Announcement | null) {
  const text = announcement ? fill(strings[announcement.kind], { name: announcement.name }) : '';
  return html`<p class="visually-hidden" part="announcement" role="status" aria-live="polite">${text}</p>`;
}
