import { SoundCheck } from './sound-check.component.js';

export { SoundCheck };

// Registering is the host's choice: importing this file does it. A second copy of the SDK on the
// page that owns the tag already keeps it, with a warning (LifelineElement.define).
SoundCheck.define('sound-check');

declare global {
  interface HTMLElementTagNameMap {
    'sound-check': SoundCheck;
  }
}
