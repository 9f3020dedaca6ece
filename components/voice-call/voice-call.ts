import { VoiceCall } from './voice-call.component.js';

export { VoiceCall };

// Registering is the host's choice: importing this file does it, guarded so a second copy of
// the SDK on the page does not throw.
if (!customElements.get('voice-call')) customElements.define('voice-call', VoiceCall);

declare global {
  interface HTMLElementTagNameMap {
    'voice-call': VoiceCall;
  }
}
