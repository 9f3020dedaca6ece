import { VideoCall } from './video-call.component.js';

export { VideoCall };

// Registering is the host's choice: importing this file does it, guarded so a second copy of
// the SDK on the page does not throw.
if (!customElements.get('video-call')) customElements.define('video-call', VideoCall);

declare global {
  interface HTMLElementTagNameMap {
    'video-call': VideoCall;
  }
}
