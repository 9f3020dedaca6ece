import { html, nothing } from 'lit';
import type { Knock, MuteRequest, Participant } from '../../src/index.js';
import type { CallView } from '../controllers/call-engine-controller.js';
import { fill, type LifelineStrings } from '../strings/strings.js';

// The waiting room and a host's controls as `<video-call>` and `<voice-call>` show them. Shown
// by role, but decided by the server: a guest who unhides a button gets `not_permitted`.

/** What the buttons do; each reports its failure as lifeline-error. */
export interface HostActions {
  admit(participantId: string): void;
  deny(participantId: string): void;
  requestMute(participantId: string): void;
  remove(participantId: string): void;
  toggleLock(): void;
  endForEveryone(): void;
}

const isolate = (name: string) => '\u2068' + name + '\u2069';

/** A guest waiting to be let in (part `knock`), with Admit and Deny. */
export function renderKnock(strings: LifelineStrings, knock: Knock, actions: HostActions) {
  const name = knock.name || knock.participantId;
  return html`
    <div class="knock" part="knock" role="alertdialog" aria-label=${fill(strings.host.knock, { name })} data-participant-id=${knock.participantId}>
      <span class="knock-text">${fill(strings.host.knock, { name: isolate(name) })}</span>
      <button part="admit-button" @click=${() => actions.admit(knock.participantId)}>${strings.host.admit}</button>
      <button class="decline" part="deny-button" @click=${() => actions.deny(knock.participantId)}>${strings.host.deny}</button>
    </div>
  `;
}

/** A host's controls of the whole room (part `host-bar`): the lock and the end for everyone. */
export function renderHostBar(strings: LifelineStrings, view: CallView, inCall: boolean, actions: HostActions) {
  if (view.role !== 'host' || !inCall) return nothing;
  return html`
    <div class="host-bar" part="host-bar" role="group" aria-label=${strings.host.controls}>
      <button part="lock-button" aria-pressed=${view.locked ? 'true' : 'false'} @click=${actions.toggleLock}>${strings.host.lock}</button>
      <button class="hang-up" part="end-for-everyone-button" @click=${actions.endForEveryone}>${strings.host.endForEveryone}</button>
    </div>
  `;
}

/** A host's actions on one remote person (part `host-actions`): ask to mute, remove. */
export function renderParticipantActions(strings: LifelineStrings, view: CallView, participant: Participant, actions: HostActions) {
  if (view.role !== 'host') return nothing;
  const name = participant.name || participant.id;
  return html`
    <span class="host-actions" part="host-actions">
      <button part="ask-to-mute-button" ?disabled=${!participant.audio} @click=${() => actions.requestMute(participant.id)}>${fill(strings.host.askToMute, { name })}</button>
      <button class="decline" part="remove-button" @click=${() => actions.remove(participant.id)}>${fill(strings.host.remove, { name })}</button>
    </span>
  `;
}

/** After a host's request to mute: who asked, and that the microphone is off now (part `mute-request`, a live region). */
export function renderMuteRequest(strings: LifelineStrings, request: MuteRequest | null, dismiss: () => void) {
  return html`
    <div class="mute-request" part="mute-request" role="status" aria-live="polite" ?data-active=${!!request}>
      ${
        request
          ? html`<p>${fill(strings.host.mutedBy, { name: isolate(request.byName || request.byId) })}</p>
            <button part="mute-request-dismiss" @click=${dismiss}>${strings.dismiss}</button>`
          : nothing
      }
    </div>
  `;
}
