import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VideoCall, VoiceCall } from '../../components/index.js';
import { part, parts } from '../helpers/shadow-parts.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';
import { VirtualDevicesFactory } from '../helpers/virtual-devices.js';

// Who is speaking, shown by the call elements from the audio level each RTP packet carries
// (read by the core's SpeakingWatch). Runs in the web-audio group: the microphones here are Web
// Audio oscillators, which only make sound in Firefox with its mock audio backend.

describe('speaking indicator', () => {
  const layers = new VirtualDevicesFactory();
  afterEach(() => layers.disposeAll());

  it('marks who is speaking, from the audio they send, in words and not by colour alone', async () => {
    const room = uniqueRoom('speaking');
    // Microphones of known loudness: Ada's silent, Bob's a steady tone (the browsers' own fake
    // microphones are quiet beeps in Chromium, too soft to count as speech).
    const element = (id: string, silent: boolean) => {
      const devices = layers.create();
      devices.addMicrophone(`${id}'s microphone`, silent);
      return fixture<VoiceCall>(
        html`<voice-call room=${room} participant-id=${id} display-name=${id} signaling-url=${testEnv.signalingUrl} .mediaDevices=${devices} auto-join></voice-call>`,
      );
    };
    const [ada, bob] = [await element('ada', true), await element('bob', false)];
    await waitFor(() => ada.state === 'connected' && bob.state === 'connected', 'both connected');
    expect(parts(bob, 'remote-participant')[0].hasAttribute('data-speaking'), 'a silent microphone counted as speech').to.equal(false);
    const row = await waitFor(() => parts(ada, 'remote-participant').find((r) => r.hasAttribute('data-speaking')), 'Bob shown speaking', 15_000);
    expect(row.dataset.participantId).to.equal('bob');
    expect(row.getAttribute('part')).to.contain('speaking-participant');
    expect(row.querySelector('[part~="speaking"]')!.textContent).to.equal('Speaking');
    await expect(ada).to.be.accessible();
    // Muted, Bob sends silence: the indicator goes within the hold time.
    bob.engine!.setAudioEnabled(false);
    await waitFor(() => !parts(ada, 'remote-participant')[0].hasAttribute('data-speaking'), 'Bob no longer speaking', 10_000);
    await waitFor(() => parts(ada, 'remote-participant')[0].querySelector('[part~="muted"]'), 'Bob shown muted');
  });

  it("<video-call>'s auto layout focuses whoever speaks, and keeps them in focus through their silence", async function () {
    this.timeout(60_000);
    const room = uniqueRoom('speaker-focus');
    let loudMicrophone = '';
    const element = (id: string) => {
      const devices = layers.create();
      devices.addCamera(`${id}'s camera`);
      devices.addMicrophone(`${id}'s microphone`, true);
      // Everyone starts silent; Bob has a second microphone, a steady tone, to speak with later.
      if (id === 'bob') loudMicrophone = devices.addMicrophone("Bob's loud microphone", false);
      return fixture<VideoCall>(
        html`<video-call room=${room} participant-id=${id} display-name=${id} signaling-url=${testEnv.signalingUrl} .mediaDevices=${devices} auto-join></video-call>`,
      );
    };
    const ada = await element('ada');
    await waitFor(() => ada.state === 'waiting', 'Ada waiting');
    // Cy joins first and stays silent: the first remote person, in focus while nobody speaks.
    const cy = await element('cy');
    await waitFor(() => ada.engine!.participants.length === 1, 'Cy in the call');
    const bob = await element('bob');
    await waitFor(() => [ada, bob, cy].every((el) => el.state === 'connected') && ada.engine!.participants.length === 2, 'all three connected');
    const focused = () => part(ada, 'focus-tile')?.dataset.tile;
    await waitFor(() => focused() === 'cy', 'Cy in focus while nobody speaks');
    await bob.engine!.devices.selectMicrophone(loudMicrophone);
    await waitFor(() => focused() === 'bob', 'Bob in focus while he speaks', 15_000);
    expect(
      parts(ada, 'filmstrip-tile').map((t) => t.dataset.tile),
      'the others in the filmstrip',
    ).to.deep.equal(['ada', 'cy']);
    bob.engine!.setAudioEnabled(false);
    await waitFor(() => !part(ada, 'focus-tile')!.hasAttribute('data-speaking'), 'Bob silent', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(focused(), 'Bob kept in focus through his silence').to.equal('bob');
    await expect(ada).to.be.accessible();
  });
});
