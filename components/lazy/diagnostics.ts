// The diagnostics a page runs before a call, a chunk of their own in the CDN build: the ICE
// server probe and the microphone's sound meter. `<ice-probe>` and `<sound-check>` use them;
// `loadDiagnostics()` gives them to a page's own UI.
export {
  DEFAULT_ICE_PROBE_TIMEOUT_MS,
  DEFAULT_SOUND_METER_OPTIONS,
  probeIceServer,
  probeIceServers,
  SILENCE_DB,
  SoundMeter,
  levelDb,
} from '../../src/index.js';
