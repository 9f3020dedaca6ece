import { SoundCheck } from './sound-check.component.js';

export { SoundCheck };

// Registering is the host's choice: importing this file does it, guarded so a second copy of
// the SDK on the page does not throw.
if (!customElements.get('sound-check')) customElements.define('sound-check', SoundCheck);

declare global {
  interface HTMLElementTagNameMap {
    'sound-check': SoundCheck;
  }
}
