import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/video-call/video-call.js';
import type { VideoCall } from '../../components/video-call/video-call.component.js';
import type { LifelineDeviceRecoveryEvent } from '../../components/events/index.js';
import { EngineFactory, waitForPeers } from '../helpers/engines.js';
import { expectInboundGrowing, watchNegotiation } from '../helpers/rtp-stats.js';
import { uniqueRoom, waitFor } from '../helpers/test-env.js';
import { VirtualDevicesFactory } from '../helpers/virtual-devices.js';

// <video-call> driving Ada's engine on virtual devices, in a call with Bob (the browser's own
// fake devices): the pickers and the device notice, against real media flowing to Bob.

const part = <T extends HTMLElement = HTMLElement>(el: HTMLElement, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const labels = (select: HTMLSelectElement) => [...select.options].map((o) => o.textContent!.trim());

function pick(select: HTMLSelectElement, deviceId: string): void {
  select.value = deviceId;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<video-call> device pickers and notice', () => {
  const engines = new EngineFactory();
  const layers = new VirtualDevicesFactory();
  afterEach(() => {
    engines.destroyAll();
    layers.disposeAll();
  });

  async function callOnVirtualDevices(cameras = ['Desk camera', 'Laptop camera']) {
    const devices = layers.create();
    const cameraIds = cameras.map((label) => devices.addCamera(label));
    const microphoneIds = [devices.addMicrophone('Headset'), devices.addMicrophone('Room microphone')];
    const ada = engines.create({ participantId: 'ada', displayName: 'Ada', mediaDevices: devices });
    const bob = engines.create({ participantId: 'bob', displayName: 'Bob' });
    const el = await fixture<VideoCall>(html`<video-call display-name="Ada" .engine=${ada}></video-call>`);
    const room = uniqueRoom('pickers');
    await ada.join(room);
    await bob.join(room);
    await waitForPeers(ada, ['bob']);
    await waitForPeers(bob, ['ada']);
    await waitFor(() => el.getAttribute('state') === 'connected', '<video-call> connected');
    await waitFor(() => bob.remoteStreams.get('ada')?.getTracks().length === 2, "Ada's tracks at Bob");
    const cameraSelect = await waitFor(() => {
      const select = part<HTMLSelectElement>(el, 'camera-select');
      return select && select.options.length === cameras.length ? select : null;
    }, 'the camera picker with both cameras');
    return { el, devices, ada, bob, cameraIds, microphoneIds, cameraSelect, atBob: bob.peerConnections.get('ada')! };
  }

  it('shows no pickers before a call, and none with no-device-pickers', async () => {
    const el = await fixture<VideoCall>(html`<video-call></video-call>`);
    expect(part(el, 'camera-select')).to.equal(null);
    const call = await callOnVirtualDevices();
    call.el.noDevicePickers = true;
    await call.el.updateComplete;
    expect(part(call.el, 'camera-select')).to.equal(null);
    expect(part(call.el, 'microphone-select')).to.equal(null);
  });

  it('lists the devices by name, shows the ones in use, and hot-swaps the camera from its picker', async () => {
    const call = await callOnVirtualDevices();
    const { el, ada, cameraSelect } = call;
    expect(labels(cameraSelect)).to.deep.equal(['Desk camera', 'Laptop camera']);
    expect(labels(part<HTMLSelectElement>(el, 'microphone-select')!)).to.deep.equal(['Headset', 'Room microphone']);
    // Virtual devices list no speakers: there is nothing to pick.
    expect(part(el, 'speaker-select')).to.equal(null);
    expect(cameraSelect.value).to.equal(ada.devices.inUse('video'));
    expect(part(el, 'microphone-select')!.closest('label')!.textContent).to.contain('Microphone');
    await expect(el).to.be.accessible();

    const negotiation = watchNegotiation(ada.peerConnections.get('bob')!, call.atBob);
    const other = call.cameraIds.find((id) => id !== ada.devices.inUse('video'))!;
    pick(cameraSelect, other);
    await waitFor(() => ada.devices.inUse('video') === other, 'the other camera in use');
    await el.updateComplete;
    expect(cameraSelect.value).to.equal(other);
    await expectInboundGrowing(call.atBob, 'video');
    expect(negotiation.count, 'offers or answers during the swap').to.equal(0);
    expect(call.devices.liveTracks('video')).to.have.length(1);
  });

  it('says so when a camera is unplugged and another takes over, then when none is left; the call goes on', async () => {
    const { el, ada, devices, atBob } = await callOnVirtualDevices();
    const switched = oneEvent(el, 'lifeline-device-recovery') as Promise<LifelineDeviceRecoveryEvent>;
    devices.unplug(ada.devices.inUse('video')!);
    expect((await switched).detail).to.include({ kind: 'video', action: 'switched' });
    await el.updateComplete;
    const notice = part(el, 'device-notice')!;
    expect(notice.dataset.action).to.equal('switched');
    expect(notice.getAttribute('role')).to.equal('status');
    expect(notice.textContent).to.contain('switched to Laptop camera');
    await expect(el).to.be.accessible();

    const stopped = oneEvent(el, 'lifeline-device-recovery') as Promise<LifelineDeviceRecoveryEvent>;
    const lost = oneEvent(el, 'lifeline-error');
    devices.unplug(ada.devices.inUse('video')!);
    expect((await stopped).detail).to.include({ kind: 'video', action: 'stopped' });
    expect((await lost).detail.error.code).to.equal('media_device_lost');
    await el.updateComplete;
    expect(part(el, 'device-notice')!.dataset.action).to.equal('stopped');
    expect(part(el, 'device-notice')!.textContent).to.equal(
      'Your camera was disconnected and no other camera is available. The others cannot see you; plug one in and it will be used.',
    );
    expect(el.getAttribute('state')).to.equal('connected');
    await waitFor(() => part<HTMLSelectElement>(el, 'camera-select')?.disabled, 'an empty camera picker');
    await expectInboundGrowing(atBob, 'audio');
    await expect(el).to.be.accessible();

    // It stays until a device is back or the person dismisses it.
    part(el, 'device-notice-dismiss')!.click();
    await el.updateComplete;
    expect(part(el, 'device-notice')!.textContent!.trim()).to.equal('');
    expect(part(el, 'device-notice-dismiss')).to.equal(null);
  });

  it('replaces the stopped notice when a camera is plugged back', async () => {
    const { el, ada, devices, atBob } = await callOnVirtualDevices(['Desk camera']);
    devices.unplug(ada.devices.inUse('video')!);
    await waitFor(() => part(el, 'device-notice')?.dataset.action === 'stopped', 'the stopped notice');
    const restored = oneEvent(el, 'lifeline-device-recovery') as Promise<LifelineDeviceRecoveryEvent>;
    devices.addCamera('USB camera');
    expect((await restored).detail.action).to.equal('restored');
    await el.updateComplete;
    expect(part(el, 'device-notice')!.dataset.action).to.equal('restored');
    expect(part(el, 'device-notice')!.textContent).to.contain('USB camera');
    await expectInboundGrowing(atBob, 'video');
  });

  it('shows a pick that fails in the notice and fires it as lifeline-error', async () => {
    const { el, ada, devices, cameraSelect, cameraIds } = await callOnVirtualDevices();
    const before = ada.devices.inUse('video');
    const other = cameraIds.find((id) => id !== before)!;
    // The browser refuses the camera now (permission revoked since the call began).
    const failed = oneEvent(el, 'lifeline-error');
    devices.deny = true;
    pick(cameraSelect, other);
    expect((await failed).detail.error.code).to.equal('media_not_allowed');
    await el.updateComplete;
    expect(part(el, 'device-notice')!.dataset.action).to.equal('failed');
    expect(ada.devices.inUse('video')).to.equal(before);
    expect(cameraSelect.value, 'the picker shows the camera still in use').to.equal(before);
    expect(el.getAttribute('state')).to.equal('connected');
  });

  it('makes the remote videos follow the chosen speaker', async function () {
    const ada = engines.create({ participantId: 'ada' });
    const bob = engines.create({ participantId: 'bob' });
    const el = await fixture<VideoCall>(html`<video-call .engine=${ada}></video-call>`);
    const room = uniqueRoom('speaker');
    await ada.join(room);
    await bob.join(room);
    const video = await waitFor(() => part<HTMLVideoElement & { sinkId?: string }>(el, 'remote-video'), 'the remote video');
    const speakers = await waitFor(() => (ada.devices.devices.labelled ? ada.devices.devices.speakers : null), 'the listed devices');
    // The pickers come once the call stands.
    await waitFor(() => el.state === 'connected', 'the call connected');
    await el.updateComplete;
    const speakerSelect = part<HTMLSelectElement>(el, 'speaker-select');
    if (!('setSinkId' in HTMLMediaElement.prototype) || speakers.length === 0) {
      expect(speakerSelect, 'no speaker picker where none can be chosen').to.equal(null);
      this.skip();
    }
    const speaker = speakers.at(-1)!;
    pick(speakerSelect!, speaker.id);
    await waitFor(() => ada.devices.selection.speaker === speaker.id, 'the speaker chosen');
    expect(video.sinkId).to.equal(speaker.id);
  });
});
