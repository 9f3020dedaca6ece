// The CDN build's entry (dist/lifeline.min.js, `lifeline/cdn`): registers <video-call> now, and
// <voice-call>, <sound-check> and <ice-probe> when one appears in the document, and exports
// the SDK but for what a page fetches on first use, from chunks beside it: recording
// (`loadRecording()`) and the diagnostics (`loadDiagnostics()`). Every type is exported as
// before. The package's entry points (`lifeline`, `lifeline/define`, ...) export everything:
// a bundler drops what a page leaves unused, and splits recording off as this build does.
export type * from './index.js';
export {
  CallEngine,
  CallError,
  DEFAULT_CALL_ENGINE_OPTIONS,
  DEFAULT_DEVICE_MANAGER_OPTIONS,
  DEFAULT_ICE_CONFIG_SOURCE_OPTIONS,
  DEFAULT_RECOVERY_POLICY,
  DEFAULT_SOCKET_IO_TRANSPORT_OPTIONS,
  DEFAULT_SPEAKING_WATCH_OPTIONS,
  DEVICE_OF_TRACK,
  LIST_OF_DEVICE,
  TRACK_KINDS,
  devicesOfKind,
  DeviceManager,
  IceConfigSource,
  LIFELINE_VERSION,
  MESSAGE_TYPES,
  PROTOCOL_VERSION,
  RoomAccess,
  SocketIoTransport,
  SpeakingWatch,
  browserMediaDevices,
  buildRtcConfiguration,
  canChooseSpeaker,
  fetchIceConfig,
  isCallError,
  isIosLike,
  listDevices,
  openTrack,
  parseIncoming,
  parseOutgoing,
  parseRoomCommand,
  parseRoomEvent,
  toMediaError,
  trackDeviceId,
} from '../src/index.js';
export { CallEngineController } from './controllers/call-engine-controller.js';
export * from './events/index.js';
export { englishStrings } from './strings/english.js';
export { deviceRecoveryText, recoveryText } from './strings/resolve-strings.js';
export { fill, plural, withOverride } from './strings/strings.js';
export { VideoCall } from './video-call/video-call.js';
export { defineElement, discoverElements, loadDiagnostics, loadRecording, type LazyTag } from './lazy/loaders.js';
import { watchDocument } from './lazy/loaders.js';

watchDocument();
