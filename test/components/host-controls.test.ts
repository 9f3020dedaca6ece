import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { LifelineKnockEvent, VideoCall } from '../../components/index.js';
import type { CallEngineOptions } from '../../src/index.js';
import { EngineFactory, waitForPeers, waitForState } from '../helpers/engines.js';
import { part, parts, partText } from '../helpers/shadow-parts.js';
import { devToken, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// The waiting room and a host's controls as <video-call> shows them, against the reference
// server with join tokens on: the knock prompt and its buttons, the cancelable lifeline-knock,
// the host bar and a remote tile's host actions, and what a guest sees of each.

/** A part's text without the bidi isolates around names (they keep a name's direction apart from the sentence's). */
const plainText = (el: Element, name: string) => partText(el, name).replace(/[\u2068\u2069]/g, '');

describe('<video-call> waiting room and host controls', () => {
  const engines = new EngineFactory({ signalingUrl: testEnv.tokenSignalingUrl, media: { audio: true, video: true } });
  const make = (options: CallEngineOptions) => engines.create(options);
  afterEach(() => engines.destroyAll());

  async function callElement(room: string, sub: string, claims: { role?: 'host' | 'guest'; waitingRoom?: boolean } = {}) {
    const token = await devToken({ room, sub, name: sub === 'doctor' ? 'Dr. Ada' : 'Pat', ...claims });
    return fixture<VideoCall>(html`<video-call room=${room} participant-id=${sub} signaling-url=${testEnv.tokenSignalingUrl} token=${token}></video-call>`);
  }

  it('shows a host the knock, and its Admit button lets the guest in; the guest saw it was waiting', async () => {
    const room = uniqueRoom('knock');
    const host = await callElement(room, 'doctor', { role: 'host', waitingRoom: true });
    await host.join();
    const guest = await callElement(room, 'patient');
    await guest.join();
    expect(guest.state).to.equal('waiting-room');
    await waitFor(() => partText(guest, 'status') === 'Waiting for the host to let you in.', 'the guest reads that it waits');
    expect(part(guest, 'status')!.getAttribute('aria-live')).to.equal('polite');
    expect(part(guest, 'host-bar'), 'no host controls for a guest').to.equal(null);

    await waitFor(() => parts(host, 'knock').length === 1, "the knock on the host's element");
    expect(plainText(host, 'knock')).to.contain('Pat is waiting to join.');
    await expect(host, 'the knock and the host bar').to.be.accessible();
    await expect(guest, 'the waiting guest').to.be.accessible();
    part(host, 'admit-button')!.click();
    await waitFor(() => host.engine!.peerConnections.get('patient')?.connectionState === 'connected', 'the call with the admitted guest');
    await waitFor(() => parts(host, 'knock').length === 0, 'the knock gone');
    await waitFor(() => parts(host, 'remote-video').length === 1, "the guest's video on the host's element");
  });

  it('a host who cancels lifeline-knock answers from its own UI: the element shows no prompt, and detail.deny() turns the guest away', async () => {
    const room = uniqueRoom('knock');
    const host = await callElement(room, 'doctor', { role: 'host', waitingRoom: true });
    const events: LifelineKnockEvent[] = [];
    host.addEventListener('lifeline-knock', (event) => {
      event.preventDefault();
      events.push(event);
    });
    await host.join();
    const guest = await callElement(room, 'patient');
    await guest.join();
    await waitFor(() => events.length === 1, 'lifeline-knock');
    expect(events[0].detail.participantId).to.equal('patient');
    expect(events[0].detail.name).to.equal('Pat');
    // The render after the event, not a fixed wait, is what would have shown a knock.
    await host.updateComplete;
    expect(parts(host, 'knock')).to.deep.equal([]);
    await events[0].detail.deny();
    await waitForState(guest.engine!, 'ended');
    await waitFor(() => partText(guest, 'status').includes('The host did not let you in.'), 'the guest reads why');
  });

  it("a host's tile actions ask a guest to mute (the guest reads who asked) and remove them; the host bar locks and ends", async () => {
    const room = uniqueRoom('host');
    const host = await callElement(room, 'doctor', { role: 'host' });
    await host.join();
    const guest = await callElement(room, 'patient');
    await guest.join();
    await waitForPeers(host.engine!, ['patient']);
    expect(part(host, 'lock-button')!.getAttribute('aria-pressed')).to.equal('false');
    part(host, 'lock-button')!.click();
    await waitFor(() => part(host, 'lock-button')!.getAttribute('aria-pressed') === 'true', 'locked');
    expect(parts(guest, 'host-actions')).to.deep.equal([]);

    await waitFor(() => part(host, 'ask-to-mute-button') !== null, "the host's actions on the guest's tile");
    part(host, 'ask-to-mute-button')!.click();
    await waitFor(() => plainText(guest, 'mute-request').includes('Dr. Ada asked you to mute'), 'the guest reads who asked');
    expect(part(guest, 'mute-button')!.getAttribute('aria-pressed')).to.equal('true');
    await waitFor(() => (part<HTMLButtonElement>(host, 'ask-to-mute-button')?.disabled ?? false) === true, 'the host sees them muted');
    // Unmuting clears the notice: it was a request, not a lock.
    part(guest, 'mute-button')!.click();
    await waitFor(() => partText(guest, 'mute-request') === '', 'the notice goes once they unmute');

    part(host, 'remove-button')!.click();
    await waitForState(guest.engine!, 'ended');
    expect(guest.engine!.endReason).to.equal('removed');
    await waitFor(() => parts(host, 'remote-tile').length === 0, 'the tile goes');

    const other = make({ participantId: 'relative', token: await devToken({ room, sub: 'relative' }) });
    await other.join(room);
    expect(other.state, 'the room is locked').to.equal('waiting-room');
    await waitFor(() => parts(host, 'knock').length === 1, 'their knock');
    part(host, 'end-for-everyone-button')!.click();
    await waitForState(other, 'ended');
    await waitFor(() => partText(host, 'status') === 'The host ended the call.', 'the host reads it ended');
  });
});
