// Registers every Lifeline element and re-exports the whole SDK: the bundle's entry point.
export * from './index.js';
import './video-call/video-call.js';
import './voice-call/voice-call.js';
import './sound-check/sound-check.js';
import './ice-probe/ice-probe.js';
