import { expect } from '@open-wc/testing';
import type { CallEngine, CallError, DeviceRecoveryEvent } from '../../src/index.js';
import { EngineFactory, waitForPeers } from '../helpers/engines.js';
import { expectInboundGrowing, watchNegotiation } from '../helpers/rtp-stats.js';
import { uniqueRoom, waitFor } from '../helpers/test-env.js';
import { VirtualDevicesFactory, type VirtualDevices } from '../helpers/virtual-devices.js';

// Devices changing under a live call: Ada swaps or loses devices, Bob (the browser's own fake
// devices) must keep receiving her media on the same remote tracks, with no renegotiation.

function senderTrack(engine: CallEngine, remoteId: string, kind: 'audio' | 'video'): MediaStreamTrack | null {
  const sender = engine.peerConnections
    .get(remoteId)!
    .getSenders()
    .find((s) => s.track?.kind === kind);
  return sender?.track ?? null;
}

describe('devices changing mid-call', () => {
  const engines = new EngineFactory();
  const layers = new VirtualDevicesFactory();
  afterEach(() => {
    engines.destroyAll();
    layers.disposeAll();
  });

  /** Ada on a virtual device layer, Bob on the browser's devices, connected. */
  async function callWithVirtualAda(setup: (devices: VirtualDevices) => void, media = { audio: true, video: true }) {
    const devices = layers.create();
    setup(devices);
    const ada = engines.create({ participantId: 'ada', mediaDevices: devices, media });
    const bob = engines.create({ participantId: 'bob' });
    const room = uniqueRoom('devices');
    await ada.join(room);
    await bob.join(room);
    await waitForPeers(ada, ['bob']);
    await waitForPeers(bob, ['ada']);
    await waitFor(() => bob.remoteStreams.get('ada')?.getTracks().length === (media.video ? 2 : 1), "Ada's tracks at Bob");
    const recoveries: DeviceRecoveryEvent[] = [];
    const errors: CallError[] = [];
    ada.on('device-recovery', (e) => recoveries.push(e));
    ada.on('error', (e) => errors.push(e));
    const negotiation = watchNegotiation(ada.peerConnections.get('bob')!, bob.peerConnections.get('ada')!);
    return { devices, ada, bob, recoveries, errors, negotiation, atBob: bob.peerConnections.get('ada')! };
  }

  it("switches camera and microphone on the browser's own devices with no renegotiation", async function () {
    const [ada, bob] = await engines.connectedPair(uniqueRoom('devices'));
    const list = await ada.devices.enumerate();
    // Chromium runs with two fake cameras and three microphones; Firefox's fake devices are one of each.
    if (list.cameras.length < 2 || list.microphones.length < 2) this.skip();
    await waitFor(() => bob.remoteStreams.get('ada')?.getTracks().length === 2, "Ada's tracks at Bob");
    const remoteTracks = bob.remoteStreams.get('ada')!.getTracks();
    const negotiation = watchNegotiation(ada.peerConnections.get('bob')!, bob.peerConnections.get('ada')!);
    // The last fake camera: Chromium's second one is a depth camera, which encodes to nothing.
    const camera = list.cameras.at(-1)!;
    expect(camera.id).to.not.equal(ada.devices.inUse('video'));
    const microphone = list.microphones.find((d) => d.id !== ada.devices.inUse('audio') && d.id !== 'default')!;
    const oldTracks = ada.localStream!.getTracks();

    await ada.devices.selectCamera(camera.id);
    await ada.devices.selectMicrophone(microphone.id);

    expect(senderTrack(ada, 'bob', 'video')!.getSettings().deviceId).to.equal(camera.id);
    expect(senderTrack(ada, 'bob', 'audio')!.getSettings().deviceId).to.equal(microphone.id);
    expect(oldTracks.map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
    const atBob = bob.peerConnections.get('ada')!;
    await expectInboundGrowing(atBob, 'video');
    await expectInboundGrowing(atBob, 'audio');
    expect(negotiation.count, 'offers or answers during the swap').to.equal(0);
    expect(
      remoteTracks.map((t) => t.readyState),
      "Bob's tracks of Ada",
    ).to.deep.equal(['live', 'live']);
    expect(bob.remoteStreams.get('ada')!.getTracks()).to.have.members(remoteTracks);
  });

  it("switches virtual devices mid-call with the far side's bytes still growing", async () => {
    let cameras: string[] = [];
    let microphones: string[] = [];
    const call = await callWithVirtualAda((d) => {
      cameras = [d.addCamera(), d.addCamera()];
      microphones = [d.addMicrophone(), d.addMicrophone()];
    });
    const remoteTracks = call.bob.remoteStreams.get('ada')!.getTracks();
    await call.ada.devices.selectCamera(cameras[1]!);
    await call.ada.devices.selectMicrophone(microphones[1]!);
    expect(call.ada.devices.inUse('video')).to.equal(cameras[1]);
    expect(senderTrack(call.ada, 'bob', 'audio')!.getSettings().deviceId).to.equal(microphones[1]);
    await expectInboundGrowing(call.atBob, 'video');
    await expectInboundGrowing(call.atBob, 'audio');
    expect(call.negotiation.count).to.equal(0);
    expect(remoteTracks.every((t) => t.readyState === 'live')).to.equal(true);
    expect(call.devices.liveTracks()).to.have.length(2);
  });

  it('leaves exactly one live track per kind after rapid switch clicks mid-call', async () => {
    let cameras: string[] = [];
    const call = await callWithVirtualAda((d) => {
      cameras = [d.addCamera(), d.addCamera(), d.addCamera()];
      d.addMicrophone();
      d.addMicrophone();
    });
    const clicks = Array.from({ length: 9 }, (_, i) => call.ada.devices.selectCamera(cameras[i % 3]!));
    await Promise.all(clicks);
    expect(call.devices.maxConcurrentRequests).to.equal(1);
    expect(call.devices.liveTracks('video')).to.have.length(1);
    expect(call.devices.liveTracks('audio')).to.have.length(1);
    expect(senderTrack(call.ada, 'bob', 'video')).to.equal(call.devices.liveTracks('video')[0]);
    await expectInboundGrowing(call.atBob, 'video');
  });

  it('swaps in another camera when the one in use is unplugged; Bob sees no gap in his track', async () => {
    let cameras: string[] = [];
    const call = await callWithVirtualAda((d) => {
      cameras = [d.addCamera('Desk camera'), d.addCamera('Laptop camera')];
      d.addMicrophone();
    });
    const remoteVideo = call.bob.remoteStreams.get('ada')!.getVideoTracks()[0]!;
    call.devices.unplug(call.ada.devices.inUse('video')!);
    await waitFor(() => call.recoveries.length === 1, 'soft recovery');
    expect(call.recoveries[0]).to.include({ action: 'switched', kind: 'video' });
    expect(call.ada.devices.inUse('video')).to.equal(cameras[1]);
    await expectInboundGrowing(call.atBob, 'video');
    expect(call.negotiation.count).to.equal(0);
    expect(remoteVideo.readyState).to.equal('live');
    expect(call.errors).to.deep.equal([]);
    expect(call.ada.state).to.equal('connected');
  });

  it('keeps the call up with media_device_lost when no camera is left, and sends one plugged in later', async () => {
    const call = await callWithVirtualAda((d) => {
      d.addCamera();
      d.addMicrophone();
    });
    call.devices.unplug(call.ada.devices.inUse('video')!);
    await waitFor(() => call.errors.length === 1, 'hard recovery');
    expect(call.errors[0]!.code).to.equal('media_device_lost');
    expect(call.errors[0]!.message).to.contain('camera');
    expect(call.recoveries[0]).to.include({ action: 'stopped', kind: 'video' });
    expect(senderTrack(call.ada, 'bob', 'video')).to.equal(null);
    expect(call.ada.state).to.equal('connected');
    await expectInboundGrowing(call.atBob, 'audio');

    call.devices.addCamera('USB camera');
    await waitFor(() => call.recoveries.length === 2, 'the new camera');
    expect(call.recoveries[1]).to.include({ action: 'restored', kind: 'video' });
    await expectInboundGrowing(call.atBob, 'video');
    expect(call.negotiation.count).to.equal(0);
  });

  it('never asks for a camera in an audio-only call, and swaps its microphone', async () => {
    let microphones: string[] = [];
    const call = await callWithVirtualAda(
      (d) => {
        d.addCamera();
        microphones = [d.addMicrophone(), d.addMicrophone()];
      },
      { audio: true, video: false },
    );
    expect(call.devices.requests.every((r) => !r.video)).to.equal(true);
    await call.ada.devices.selectMicrophone(microphones[1]!);
    await expectInboundGrowing(call.atBob, 'audio');
    expect(call.devices.liveTracks('video')).to.have.length(0);
    expect(call.negotiation.count).to.equal(0);
  });

  it('rejects join with media_not_allowed when the page may not use the devices', async () => {
    // A real refusal: the frame's permissions policy blocks camera and microphone.
    const frame = document.createElement('iframe');
    frame.allow = "camera 'none'; microphone 'none'";
    document.body.append(frame);
    try {
      const mediaDevices = frame.contentWindow!.navigator.mediaDevices;
      const engine = engines.create({ mediaDevices });
      const reported: string[] = [];
      engine.on('error', (e) => reported.push(e.code));
      const error = await engine.join(uniqueRoom('denied')).catch((e) => e);
      expect(error.code).to.equal('media_not_allowed');
      expect(error.message).to.contain('site settings');
      expect(reported).to.deep.equal(['media_not_allowed']);
      expect(engine.localStream).to.equal(null);
    } finally {
      frame.remove();
    }
  });

  it('releases every device on leave and keeps the choices for the next join', async () => {
    let cameras: string[] = [];
    const call = await callWithVirtualAda((d) => {
      cameras = [d.addCamera(), d.addCamera()];
      d.addMicrophone();
    });
    await call.ada.devices.selectCamera(cameras[1]!);
    await call.ada.leave();
    expect(call.devices.liveTracks()).to.have.length(0);
    await call.ada.join(uniqueRoom('again'));
    expect(call.ada.devices.inUse('video')).to.equal(cameras[1]);
  });
});
