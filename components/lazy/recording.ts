// Recording, a chunk of its own in the CDN build: the recorders, the compositor, the outbox and
// the uploader. Fetched the first time a page records (`loadRecording()`, or `startRecording()`
// on a call element), so a page that never records never downloads it.
export {
  AssessmentRecorder,
  CallRecorder,
  COMPOSITE_TRACK,
  ChunkOutbox,
  ChunkUploader,
  DEFAULT_CHUNK_OPTIONS,
  DEFAULT_UPLOAD_RETRY_POLICY,
  OUTBOX_DATABASE,
  RecordingSession,
  RecordingUploadError,
  backoffDelayMs,
  browserOnlineSource,
  callParticipants,
  chooseFormat,
  chunkUrl,
  followCallParticipants,
  recordingDelivery,
} from '../../src/index.js';
