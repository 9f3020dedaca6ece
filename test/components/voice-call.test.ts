import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/voice-call/voice-call.js';
import type { VoiceCall } from '../../components/voice-call/voice-call.component.js';
import type { LifelineDeviceRecoveryEvent, LifelineStateChangeEvent } from '../../components/events/index.js';
import { EngineFactory, waitForPeers } from '../helpers/engines.js';
import { expectInboundGrowing } from '../helpers/rtp-stats.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';
import { VirtualDevicesFactory } from '../helpers/virtual-devices.js';

const part = <T extends HTMLElement = HTMLElement>(el: HTMLElement, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const parts = (el: HTMLElement, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];

async function stateOf(el: VoiceCall, state: string, timeoutMs = 20_000) {
  await waitFor(() => el.getAttribute('state') === state, `<voice-call> state=${state} (is ${el.getAttribute('state')})`, timeoutMs);
}

describe('<voice-call>', () => {
  const engines = new EngineFactory();
  const layers = new VirtualDevicesFactory();
  afterEach(() => {
    engines.destroyAll();
    layers.disposeAll();
  });

  /** A <voice-call> on virtual devices (a camera among them) in a call with Bob's engine. */
  async function voiceCallWithBob() {
    const devices = layers.create();
    devices.addCamera('Desk camera');
    const microphones = [devices.addMicrophone('Headset'), devices.addMicrophone('Room microphone')];
    const room = uniqueRoom('voice');
    const el = await fixture<VoiceCall>(
      html`<voice-call room=${room} display-name="Ada" participant-id="ada" signaling-url=${testEnv.signalingUrl} .mediaDevices=${devices} auto-join></voice-call>`,
    );
    await stateOf(el, 'waiting');
    const connected = new Promise<LifelineStateChangeEvent>((resolve) =>
      el.addEventListener('lifeline-state-change', (e) => e.detail.state === 'connected' && resolve(e)),
    );
    const bob = engines.create({ participantId: 'bob', displayName: 'Bob' });
    await bob.join(room);
    await connected;
    await waitForPeers(el.engine!, ['bob']);
    await waitFor(() => part<HTMLSelectElement>(el, 'microphone-select')?.options.length === 2, 'the microphone picker');
    return { el, bob, devices, microphones, atAda: el.engine!.peerConnections.get('bob')! };
  }

  it('starts idle with no pickers and is accessible', async () => {
    const el = await fixture<VoiceCall>(html`<voice-call room="r" display-name="Ada"></voice-call>`);
    expect(el.getAttribute('state')).to.equal('idle');
    expect(part(el, 'status')!.textContent).to.contain('Not in a call');
    expect(part(el, 'hang-up-button')!.hasAttribute('disabled')).to.equal(true);
    expect(part(el, 'microphone-select')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('joins audio-only, hears the other side through an <audio>, has no camera picker, and is accessible', async () => {
    const { el, devices, atAda } = await voiceCallWithBob();
    expect(devices.requests.length).to.be.greaterThan(0);
    expect(
      devices.requests.every((r) => !r.video),
      'a camera was asked for',
    ).to.equal(true);
    expect(el.engine!.localStream!.getVideoTracks()).to.have.length(0);
    expect(part(el, 'camera-select')).to.equal(null);
    expect(part(el, 'camera-button')).to.equal(null);
    expect(el.shadowRoot!.querySelector('video')).to.equal(null);

    const audio = await waitFor(() => part<HTMLAudioElement>(el, 'remote-audio'), 'the remote <audio>');
    expect(audio.dataset.participantId).to.equal('bob');
    expect((audio.srcObject as MediaStream).getAudioTracks()).to.have.length(1);
    await waitFor(() => !audio.paused && audio.currentTime > 0, 'the remote audio playing');
    await expectInboundGrowing(atAda, 'audio');
    expect(parts(el, 'name').map((n) => n.textContent!.trim())).to.deep.equal(['Ada', 'Bob']);
    await expect(el).to.be.accessible();
  });

  it('swaps the microphone from its picker with Bob still hearing Ada', async () => {
    const { el, bob, microphones } = await voiceCallWithBob();
    const select = part<HTMLSelectElement>(el, 'microphone-select')!;
    const other = microphones.find((id) => id !== el.engine!.devices.inUse('audio'))!;
    select.value = other;
    select.dispatchEvent(new Event('change'));
    await waitFor(() => el.engine!.devices.inUse('audio') === other, 'the other microphone in use');
    await expectInboundGrowing(bob.peerConnections.get('ada')!, 'audio');
  });

  it('shows the device notice when microphones are unplugged and stays connected', async () => {
    const { el, devices } = await voiceCallWithBob();
    const switched = oneEvent(el, 'lifeline-device-recovery') as Promise<LifelineDeviceRecoveryEvent>;
    devices.unplug(el.engine!.devices.inUse('audio')!);
    expect((await switched).detail).to.include({ kind: 'audio', action: 'switched' });
    await el.updateComplete;
    expect(part(el, 'device-notice')!.dataset.action).to.equal('switched');
    await expect(el).to.be.accessible();

    devices.unplug(el.engine!.devices.inUse('audio')!);
    await waitFor(() => part(el, 'device-notice')?.dataset.action === 'stopped', 'the stopped notice');
    expect(part(el, 'device-notice')!.textContent).to.contain('microphone');
    expect(el.getAttribute('state')).to.equal('connected');
    await expect(el).to.be.accessible();
  });

  it("asks the browser's own devices for a microphone only, mutes, and releases it when removed", async () => {
    const el = await fixture<VoiceCall>(html`<voice-call room=${uniqueRoom('voice')} signaling-url=${testEnv.signalingUrl} auto-join></voice-call>`);
    await stateOf(el, 'waiting');
    const tracks = el.engine!.localStream!.getTracks();
    expect(tracks.map((t) => t.kind)).to.deep.equal(['audio']);
    part(el, 'mute-button')!.click();
    await el.updateComplete;
    expect(part(el, 'mute-button')!.getAttribute('aria-pressed')).to.equal('true');
    expect(part(el, 'muted')!.textContent).to.contain('Muted');
    expect(tracks[0]!.enabled).to.equal(false);
    await expect(el).to.be.accessible();
    el.remove();
    expect(el.engine).to.equal(null);
    expect(tracks[0]!.readyState).to.equal('ended');
  });
});
