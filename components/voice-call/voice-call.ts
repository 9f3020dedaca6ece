import { VoiceCall } from './voice-call.component.js';

export { VoiceCall };

// Registering is the host's choice: importing this file does it. A second copy of the SDK on the
// page that owns the tag already keeps it, with a warning (LifelineElement.define).
VoiceCall.define('voice-call');

declare global {
  interface HTMLElementTagNameMap {
    'voice-call': VoiceCall;
  }
}
