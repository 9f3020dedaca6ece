import { IceProbe } from './ice-probe.component.js';

export { IceProbe };

// Registering is the host's choice: importing this file does it, guarded so a second copy of
// the SDK on the page does not throw.
if (!customElements.get('ice-probe')) customElements.define('ice-probe', IceProbe);

declare global {
  interface HTMLElementTagNameMap {
    'ice-probe': IceProbe;
  }
}
