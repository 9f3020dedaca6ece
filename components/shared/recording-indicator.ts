import { html, nothing } from 'lit';
import type { RecordingStatus } from '../events/recording-event.js';
import { plural, type LifelineStrings } from '../strings/strings.js';

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
