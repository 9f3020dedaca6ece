import { VideoCall } from './video-call.component.js';

export { VideoCall };

// Registering is the host's choice: importing this file does it. A second copy of the SDK on the
// page that owns the tag already keeps it, with a warning (LifelineElement.define).
VideoCall.define('video-call');

declare global {
  interface HTMLElementTagNameMap {
    'video-call': VideoCall;
  }
}
