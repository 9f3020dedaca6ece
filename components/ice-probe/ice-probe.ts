import { IceProbe } from './ice-probe.component.js';

export { IceProbe };

// Registering is the host's choice: importing this file does it. A second copy of the SDK on the
// page that owns the tag already keeps it, with a warning (LifelineElement.define).
IceProbe.define('ice-probe');

declare global {
  interface HTMLElementTagNameMap {
    'ice-probe': IceProbe;
  }
}
