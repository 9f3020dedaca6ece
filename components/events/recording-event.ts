import type { UploadProgress } from '../../src/index.js';
import type { CallError } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/**
 * Where a call's recording is: `recording`; `saving` (stopped, chunks still uploading);
 * `saved` (the sink has every chunk and wrote the manifest); `failed` (a chunk the sink refused,
 * kept on this device).
 */
export type RecordingState = 'recording' | 'saving' | 'saved' | 'failed';

export interface RecordingStatus {
  recordingId: string;
  state: RecordingState;
  progress: UploadProgress | null;
  error: CallError | null;
}

/** Fired by `<video-call>` and `<voice-call>` when their recording changes state. */
export class LifelineRecordingEvent extends LifelineEvent<RecordingStatus> {
  static readonly eventName = 'lifeline-recording';

  constructor(status: RecordingStatus) {
    super(LifelineRecordingEvent.eventName, status);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-recording': LifelineRecordingEvent;
  }
}
