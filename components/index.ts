// The elements without registering them; import components/define.js (or one element's
// define file) to register the tags.
export * from '../src/index.js';
export { VideoCall } from './video-call/video-call.component.js';
export { VoiceCall } from './voice-call/voice-call.component.js';
export { SoundCheck } from './sound-check/sound-check.component.js';
export type { SoundCheckOutcome, SoundCheckResult, SoundCheckState } from './sound-check/sound-check-result.js';
export { IceProbe } from './ice-probe/ice-probe.component.js';
export type { IceProbeState } from './ice-probe/ice-probe-report.js';
export { CallEngineController, type CallView, type DeviceNotice } from './controllers/call-engine-controller.js';
export * from './events/index.js';
export { englishStrings } from './strings/english.js';
export { deviceRecoveryText, recoveryText } from './strings/resolve-strings.js';
export { fill, plural, withOverride } from './strings/strings.js';
export type { CompleteStrings, LifelineStrings, PluralText, RecoveryText, StringsOverride, Text } from './strings/strings.js';
