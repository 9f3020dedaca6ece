import { expect } from '@open-wc/testing';
import { DeviceManager, type DeviceList, type DeviceRecoveryEvent, type MediaDevicesLike } from '../../src/index.js';
import { trackConstraints, isIosLike } from '../../src/media/devices.js';
import { toMediaError } from '../../src/media/media-errors.js';
import { sleep, waitFor } from '../helpers/test-env.js';
import { VirtualDevices } from '../helpers/virtual-devices.js';

describe('DeviceManager on its own', () => {
  let managers: DeviceManager[] = [];
  let layers: VirtualDevices[] = [];
  const manager = (devices?: MediaDevicesLike, debounce = 100) => {
    const created = new DeviceManager({ mediaDevices: devices, deviceChangeDebounceMs: debounce });
    managers.push(created);
    return created;
  };
  const virtual = (options = {}) => {
    const layer = new VirtualDevices(options);
    layers.push(layer);
    return layer;
  };
  afterEach(() => {
    managers.forEach((m) => m.dispose());
    layers.forEach((l) => l.dispose());
    managers = [];
    layers = [];
  });

  it("lists the browser's devices with names after asking for permission", async () => {
    // First in its file, so nothing on this page has opened a device yet.
    const raw = await navigator.mediaDevices.enumerateDevices();
    if (navigator.userAgent.includes('Firefox'))
      expect(
        raw.every((d) => d.label === ''),
        'Firefox hides names before permission',
      ).to.equal(true);
    const list = await manager().enumerate();
    expect(list.cameras.length, 'cameras').to.be.greaterThan(0);
    expect(list.microphones.length, 'microphones').to.be.greaterThan(0);
    expect(list.labelled).to.equal(true);
    for (const device of [...list.cameras, ...list.microphones, ...list.speakers]) {
      expect(device.label, device.id).to.not.equal('');
      expect(device.id).to.not.equal('');
    }
  });

  it('asks for permission only when the names are hidden, and numbers devices when it is refused', async () => {
    const devices = virtual({ hideLabelsUntilGranted: true });
    devices.addCamera('Front camera');
    devices.addMicrophone('Headset');
    const list = await manager(devices).enumerate();
    expect(list.cameras.map((d) => d.label)).to.deep.equal(['Front camera']);
    expect(devices.requests).to.have.length(1);
    expect(devices.liveTracks()).to.have.length(0);

    const refused = virtual({ hideLabelsUntilGranted: true });
    refused.addCamera();
    refused.deny = true;
    const hidden = await manager(refused).enumerate();
    // Before permission the browser hides ids too, so there is nothing to pick yet; never a blank name.
    expect(hidden.labelled).to.equal(true);
    expect(hidden.cameras).to.deep.equal([]);
  });

  it('asks only for the kinds a running call sends when the names are hidden', async () => {
    const devices = virtual();
    devices.addCamera('Front camera');
    devices.addMicrophone('Headset');
    // Like Chromium: a kind's names stay hidden until that kind is granted; here the camera's.
    const layer: MediaDevicesLike = {
      getUserMedia: (constraints) => devices.getUserMedia(constraints),
      enumerateDevices: async () =>
        (await devices.enumerateDevices()).map((d) => (d.kind === 'videoinput' ? ({ ...d.toJSON(), label: '' } as MediaDeviceInfo) : d)),
    };
    const m = manager(layer);
    await m.start({ audio: true, video: false });
    const list = await m.enumerate();
    expect(
      devices.requests.every((r) => !r.video),
      'a camera was asked for',
    ).to.equal(true);
    expect(list.microphones.map((d) => d.label)).to.deep.equal(['Headset']);
  });

  it('opens the chosen devices at start and keeps the choice apart from a processed track', async () => {
    const devices = virtual();
    devices.addCamera();
    const second = devices.addCamera();
    devices.addMicrophone();
    const m = manager(devices);
    await m.selectCamera(second);
    const stream = await m.start({ audio: true, video: true });
    expect(m.inUse('video')).to.equal(second);

    const canvas = document.createElement('canvas');
    const processed = canvas.captureStream(5).getVideoTracks()[0]!;
    await m.setProcessedTrack('video', processed);
    expect(stream.getVideoTracks()).to.deep.equal([processed]);
    expect(m.selection.camera, 'the choice').to.equal(second);
    expect(m.inUse('video'), 'the device').to.equal(second);

    await m.setProcessedTrack('video', null);
    expect(stream.getVideoTracks()[0]!.getSettings().deviceId).to.equal(second);
    expect(processed.readyState, 'the host owns its processed track').to.equal('live');
    processed.stop();
  });

  it('frees the camera in use first where only one can be open, and takes it back when the other fails', async () => {
    const devices = virtual({ oneCameraAtATime: true });
    const front = devices.addCamera('Front camera');
    const back = devices.addCamera('Back camera');
    devices.addMicrophone();
    const m = manager(devices);
    await m.selectCamera(front);
    const stream = await m.start({ audio: true, video: true });

    await m.selectCamera(back);
    expect(m.inUse('video')).to.equal(back);
    expect(devices.liveTracks('video')).to.have.length(1);
    expect(stream.getVideoTracks()).to.deep.equal(devices.liveTracks('video'));

    devices.breakDevice(front);
    const error = await m.selectCamera(front).catch((e) => e);
    expect(error.code).to.equal('media_not_readable');
    expect(error.message).to.contain('Close the other app using your camera');
    expect(m.inUse('video'), 'the camera in use before').to.equal(back);
    expect(m.selection.camera).to.equal(back);
    expect(devices.liveTracks('video')).to.have.length(1);
    expect(stream.getVideoTracks()).to.deep.equal(devices.liveTracks('video'));
  });

  it('runs rapid choices one at a time and leaves exactly one live track per kind', async () => {
    const devices = virtual();
    const cameras = [devices.addCamera(), devices.addCamera()];
    const microphones = [devices.addMicrophone(), devices.addMicrophone()];
    const m = manager(devices);
    await m.start({ audio: true, video: true });
    const clicks: Promise<void>[] = [];
    for (let i = 0; i < 7; i++) {
      clicks.push(m.selectCamera(cameras[i % 2]!), m.selectMicrophone(microphones[(i + 1) % 2]!));
    }
    await Promise.all(clicks);
    expect(devices.maxConcurrentRequests, 'overlapping getUserMedia calls').to.equal(1);
    expect(devices.liveTracks('video')).to.have.length(1);
    expect(devices.liveTracks('audio')).to.have.length(1);
    expect(m.inUse('video')).to.equal(cameras[0]);
    expect(m.inUse('audio')).to.equal(microphones[1]);
    expect(m.stream!.getTracks()).to.have.members(devices.liveTracks());
  });

  it('swaps in another device when the one in use is unplugged, and goes back when it returns', async () => {
    const devices = virtual();
    const first = devices.addCamera('Desk camera');
    const spare = devices.addCamera('Laptop camera');
    devices.addMicrophone();
    const m = manager(devices);
    await m.selectCamera(first);
    await m.start({ audio: true, video: true });
    const events: DeviceRecoveryEvent[] = [];
    m.on('device-recovery', (e) => events.push(e));

    devices.unplug(first);
    await waitFor(() => events.length === 1, 'a switch');
    expect(events[0]).to.include({ kind: 'video', action: 'switched', lostDeviceId: first });
    expect(events[0]!.device?.label).to.equal('Laptop camera');
    expect(m.inUse('video')).to.equal(spare);
    expect(m.selection.camera, "the person's choice survives the swap").to.equal(first);

    devices.addCamera('Desk camera', first);
    await waitFor(() => events.length === 2, 'the chosen camera to be used again');
    expect(events[1]).to.include({ kind: 'video', action: 'restored' });
    expect(m.inUse('video')).to.equal(first);
    expect(devices.liveTracks('video')).to.have.length(1);
  });

  it('stops the kind cleanly with media_device_lost when none is left, and uses a device plugged in later', async () => {
    const devices = virtual();
    const only = devices.addMicrophone();
    devices.addCamera();
    const m = manager(devices);
    const stream = await m.start({ audio: true, video: true });
    const errors: string[] = [];
    const events: DeviceRecoveryEvent[] = [];
    m.on('error', (e) => errors.push(e.code));
    m.on('device-recovery', (e) => events.push(e));

    devices.unplug(only);
    await waitFor(() => events.length === 1, 'hard recovery');
    expect(events[0]).to.include({ kind: 'audio', action: 'stopped', device: null });
    expect(errors).to.deep.equal(['media_device_lost']);
    expect(stream.getAudioTracks()).to.have.length(0);
    expect(stream.getVideoTracks()[0]!.readyState, 'the camera goes on').to.equal('live');

    devices.addMicrophone('New headset');
    await waitFor(() => events.length === 2, 'the new microphone to be used');
    expect(events[1]).to.include({ kind: 'audio', action: 'restored' });
    expect(stream.getAudioTracks()).to.have.length(1);
  });

  it('acts once per burst of devicechange events', async () => {
    const devices = virtual();
    const m = manager(devices, 200);
    await m.enumerate();
    const lists: DeviceList[] = [];
    m.on('devices', (list) => lists.push(list));
    const camera = devices.addCamera();
    const microphone = devices.addMicrophone();
    await waitFor(() => lists.length === 1, 'the list after the burst');
    expect(lists[0].cameras.map((d) => d.id)).to.include(camera);
    expect(lists[0].microphones.map((d) => d.id)).to.include(microphone);
    // A later change is the fence: its list comes after any second one the burst could have made.
    const fence = devices.addCamera();
    await waitFor(() => lists.some((list) => list.cameras.some((d) => d.id === fence)), 'the list after the next change');
    expect(lists).to.have.length(2);
  });

  it('releases the devices on stop, even when an open is still in flight', async () => {
    const devices = virtual();
    const cameras = [devices.addCamera(), devices.addCamera()];
    devices.addMicrophone();
    const m = manager(devices);
    await m.start({ audio: true, video: true });
    const switching = m.selectCamera(cameras[1]!);
    m.stop();
    await switching;
    await sleep(50);
    expect(devices.liveTracks()).to.have.length(0);
    expect(m.stream).to.equal(null);
  });

  it('reports a refused device as media_not_allowed with a remedy', async () => {
    const devices = virtual();
    devices.addCamera();
    devices.deny = true;
    const error = await manager(devices)
      .start({ audio: false, video: true })
      .catch((e) => e);
    expect(error.code).to.equal('media_not_allowed');
    expect(error.message).to.contain('camera').and.contain('site settings');
  });

  it('plays on the chosen speaker where the browser can choose one', async function () {
    const m = manager();
    const { speakers } = await m.enumerate();
    const audio = document.createElement('audio');
    const detach = m.attachOutput(audio);
    if (!('setSinkId' in HTMLMediaElement.prototype)) {
      const error = await m.selectSpeaker('any').catch((e) => e);
      expect(error.code).to.equal('media_output_unsupported');
      return;
    }
    // Firefox lists no speakers until one is chosen through its own prompt (selectAudioOutput).
    if (speakers.length < 2) this.skip();
    const target = speakers[1]!;
    await m.selectSpeaker(target.id);
    expect((audio as HTMLAudioElement & { sinkId: string }).sinkId).to.equal(target.id);
    const late = document.createElement('audio');
    m.attachOutput(late);
    await waitFor(() => (late as HTMLAudioElement & { sinkId: string }).sinkId === target.id, 'a late element to follow');
    expect(m.selection.speaker).to.equal(target.id);
    detach();
  });
});

describe('media constraints and errors', () => {
  it('asks for a picked device exactly, a remembered one ideally, and the front camera on iOS', () => {
    expect(trackConstraints('video', 'cam', 'exact', false).deviceId).to.deep.equal({ exact: 'cam' });
    expect(trackConstraints('audio', 'mic', 'ideal', false).deviceId).to.deep.equal({ ideal: 'mic' });
    const ios = trackConstraints('video', 'cam', 'exact', true);
    expect(ios.facingMode).to.equal('user');
    expect(ios.deviceId).to.deep.equal({ ideal: 'cam' });
    expect(trackConstraints('video', undefined, 'exact', false)).to.not.have.property('deviceId');
  });

  it('recognises iPhones and iPads that say they are Macs', () => {
    expect(isIosLike({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)', platform: 'iPhone', maxTouchPoints: 5 })).to.equal(true);
    expect(isIosLike({ userAgent: 'Mozilla/5.0 (Macintosh)', platform: 'MacIntel', maxTouchPoints: 5 })).to.equal(true);
    expect(isIosLike({ userAgent: 'Mozilla/5.0 (Macintosh)', platform: 'MacIntel', maxTouchPoints: 0 })).to.equal(false);
  });

  it('names the device and the remedy for each browser error', () => {
    const cases: [string, string, string][] = [
      ['NotAllowedError', 'media_not_allowed', 'site settings'],
      ['NotFoundError', 'media_not_found', 'Plug one in'],
      ['NotReadableError', 'media_not_readable', 'Close the other app using your camera'],
      ['OverconstrainedError', 'media_overconstrained', 'Choose another camera'],
      ['TypeError', 'media_failed', 'Try again'],
    ];
    for (const [name, code, remedy] of cases) {
      const error = toMediaError(new DOMException('x', name), { audio: false, video: true });
      expect(error.code, name).to.equal(code);
      expect(error.message, name).to.contain(remedy);
    }
    expect(toMediaError(new DOMException('x', 'NotReadableError'), { audio: true, video: false }).message).to.contain('microphone');
  });
});
