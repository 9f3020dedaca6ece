// The public API of the Lifeline core. Nothing outside this file is public.
export { LIFELINE_VERSION } from './version.js';
export { CallEngine, DEFAULT_CALL_ENGINE_OPTIONS } from './call-engine.js';
export type { CallEngineEvents, CallEngineOptions, CallMode, CallState, EndedReason, IncomingCall } from './call-engine.js';
export { RoomAccess } from './room/room-access.js';
export type { Knock, MuteRequest } from './room/room-access.js';
export { parseRoomCommand, parseRoomEvent } from './signaling/room-protocol.js';
export type { CommandAck, KnockOutcome, MediaKind, RoomCommand, RoomEvent, RoomWelcome } from './signaling/room-protocol.js';
export { CallError, isCallError } from './errors.js';
export type { CallErrorCode } from './errors.js';
export type { Unsubscribe } from './emitter.js';
export type { Participant } from './room/roster.js';
export type { CallEnded } from './room/call-manager.js';
export type { ScreenShareOptions } from './room/screen-share.js';
export type { PeerState } from './peer/peer-session.js';
export { DEFAULT_RECOVERY_POLICY } from './recovery/policy.js';
export type { RecoveryPolicy } from './recovery/policy.js';
export type { QualityLevel, QualityReport, RecoveryEvent, RecoveryReason, RecoveryStep } from './recovery/types.js';
export { buildRtcConfiguration } from './peer/rtc-config.js';
export type { IceConfig, IcePolicy, TurnServer } from './peer/rtc-config.js';
export { DEFAULT_ICE_CONFIG_SOURCE_OPTIONS, IceConfigSource } from './peer/ice-config-source.js';
export type { IceConfigInfo, IceConfigSourceOptions } from './peer/ice-config-source.js';
export { fetchIceConfig } from './peer/fetch-ice-config.js';
export { DEFAULT_ICE_PROBE_TIMEOUT_MS, probeIceServer, probeIceServers } from './diagnostics/ice-probe.js';
export type { IceProbeError, IceProbeOptions, IceProbeResult, IceProbeServer, IceServerTransport, IceServerType } from './diagnostics/ice-probe.js';
export { toMediaError } from './media/media-errors.js';
export { DeviceManager } from './media/device-manager.js';
export { DEFAULT_DEVICE_MANAGER_OPTIONS } from './media/device-types.js';
export type { DeviceManagerEvents, DeviceManagerOptions, DeviceRecoveryEvent, DeviceSelection } from './media/device-manager.js';
export { browserMediaDevices, devicesOfKind, isIosLike, listDevices, openTrack, trackDeviceId } from './media/devices.js';
export type { DeviceInfo, DeviceList, MediaDevicesLike } from './media/devices.js';
export { DEVICE_OF_TRACK, LIST_OF_DEVICE, TRACK_KINDS } from './media/device-kinds.js';
export type { DeviceKind, DeviceListKey, TrackKind } from './media/device-kinds.js';
export { canChooseSpeaker } from './media/audio-output.js';
export { DEFAULT_SOUND_METER_OPTIONS, SILENCE_DB, SoundMeter, levelDb } from './media/sound-meter.js';
export type { SoundMeterEvents, SoundMeterOptions } from './media/sound-meter.js';
export { DEFAULT_SPEAKING_WATCH_OPTIONS, SpeakingWatch } from './media/speaking-watch.js';
export type { SpeakingSource, SpeakingWatchEvents, SpeakingWatchOptions } from './media/speaking-watch.js';
export { DEFAULT_SOCKET_IO_TRANSPORT_OPTIONS, SocketIoTransport } from './signaling/socket-io-transport.js';
export type { SocketIoTransportOptions } from './signaling/socket-io-transport.js';
export type { JoinAccess, JoinWelcome, SignalingTransport, TransportStatus, TransportStatusChange } from './signaling/transport.js';
export { MESSAGE_TYPES, PROTOCOL_VERSION, parseIncoming, parseOutgoing } from './signaling/protocol.js';
export type { EndReason, JoinRequest, MessageType, OutgoingMessage, SignalingMessage } from './signaling/protocol.js';
export { COMPOSITE_TRACK } from './recording/types.js';
export type {
  ChunkKey,
  ChunkKind,
  ChunkTrack,
  ManifestChunk,
  ManifestTrack,
  MissingChunks,
  RecordedChunk,
  RecordingManifest,
  RecordingStarter,
  RecordingTarget,
} from './recording/types.js';
export { AssessmentRecorder } from './recording/assessment-recorder.js';
export type { AssessmentRecorderOptions } from './recording/assessment-recorder.js';
export { CallRecorder } from './recording/call-recorder.js';
export type { CallParticipantMedia, CallRecorderOptions } from './recording/call-recorder.js';
export { callParticipants, followCallParticipants } from './recording/call-participants.js';
export { RecordingSession, recordingDelivery } from './recording/recording-session.js';
export type { RecordingSessionOptions } from './recording/recording-session.js';
export { chooseFormat, DEFAULT_CHUNK_OPTIONS } from './recording/format.js';
export type { RecordingFormat } from './recording/format.js';
export { ChunkOutbox, OUTBOX_DATABASE } from './recording/outbox.js';
export type { ChunkOutboxEvents, ChunkOutboxOptions, OutboxEntry, OutboxStorage } from './recording/outbox.js';
export { ChunkUploader } from './recording/uploader.js';
export type { ChunkUploaderEvents, ChunkUploaderOptions, StuckChunk, UploadProgress, UploadRetry } from './recording/uploader-types.js';
export { RecordingUploadError, chunkUrl } from './recording/chunk-request.js';
export { DEFAULT_UPLOAD_RETRY_POLICY, backoffDelayMs } from './recording/upload-policy.js';
export type { UploadRetryPolicy } from './recording/upload-policy.js';
export { browserOnlineSource } from './recording/online-source.js';
export type { OnlineSource } from './recording/online-source.js';
