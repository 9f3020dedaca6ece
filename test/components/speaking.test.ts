import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VoiceCall } from '../../components/index.js';
import { parts } from '../helpers/shadow-parts.js';
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
});
