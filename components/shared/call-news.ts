import { html, nothing } from 'lit';
import type { CallError, CallState, EndedReason, IncomingCall } from '../../src/index.js';
import type { Announcement } from '../controllers/call-engine-controller.js';
import type { RecordingStatus } from '../events/recording-event.js';
import { errorText } from '../strings/resolve-strings.js';
import { fill, plural, type LifelineStrings } from '../strings/strings.js';

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

/** The recording indicator (part `recording`, a live region), when this element recorded. */
export function renderRecordingIndicator(strings: LifelineStrings, status: RecordingStatus | null, lang: string) {
  if (!status) return nothing;
  return html`<p class="recording" part="recording" role="status" data-state=${status.state}>${recordingText(strings, status, lang)}</p>`;
}

/** What the recording indicator says: the state, and how much still waits to be uploaded. */
export function recordingText({ recording }: LifelineStrings, { state, progress }: RecordingStatus, lang: string): string {
  const text = state === 'recording' && progress?.offline ? recording.offline : recording[state];
  if (state === 'saved' || state === 'failed' || !progress || progress.pendingChunks === 0) return text;
  const megabytes = (progress.pendingBytes / 1e6).toLocaleString(lang || undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${text} ${plural(recording.waiting, progress.pendingChunks, lang, { megabytes })}`;
}

/** Direct mode: a ringing call, to accept or decline. */
export function renderIncoming(strings: LifelineStrings, call: IncomingCall) {
  const name = call.name || call.participantId;
  const { prompt, accept, decline } = strings.incoming;
  return html`
    <div class="incoming" part="incoming" role="alertdialog" aria-label=${fill(prompt, { name })}>
      <span class="incoming-text">${fill(prompt, { name: '\u2068' + name + '\u2069' })}</span>
      <button part="accept-button" @click=${() => call.accept()}>${accept}</button>
      <button class="decline" part="decline-button" @click=${() => call.decline()}>${decline}</button>
    </div>
  `;
}
