import { html } from 'lit';
import type { IncomingCall } from '../../src/index.js';
import { fill, type LifelineStrings } from '../strings/strings.js';

/** Direct mode: a ringing call, to accept or decline. */
export function renderIncoming(strings: LifelineStrings, call: IncomingCall) {
  const name = call.name || call.participantId;
  const { prompt, accept, decline } = strings.incoming;
  return html`
    <div class="incoming" part="incoming" role="alertdialog" aria-label=${fill(prompt, { name })}>
      <span class="incoming-text">${fill(prompt, { name: '\u2068' + name + '\u2069' })}</span>
      <button part="accept-button" @click=${() => call.accept()}>${accept}</button>
      <button class="decline" part="decline-button" @click=${() => call.decline()}>${decline}</button>
    </div>
  `;
}
