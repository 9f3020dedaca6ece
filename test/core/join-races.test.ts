import { expect } from '@open-wc/testing';
import { CallEngine } from '../../src/index.js';
import { createMemoryTransportPair } from '../../src/testing.js';
import { EngineFactory, waitForPeers } from '../helpers/engines.js';
import { uniqueRoom } from '../helpers/test-env.js';

describe('joining while the room is busy', () => {
  const engines: CallEngine[] = [];
  afterEach(() => engines.splice(0).forEach((e) => e.destroy()));
  // A join also fetches the calls' code; fetched once here, so that what these races turn on is
  // the camera and the server's messages, not the dev server serving the module the first time.
  before(() => import('../../src/room/room-calls.js'));

  it('keeps messages that arrive before the engine is ready, instead of dropping them', async () => {
    const [adaLink, bobLink] = createMemoryTransportPair();
    const bobStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const ada = new CallEngine({ participantId: 'ada', transport: adaLink, media: { audio: true, video: true }, logger: { warn: () => {} } });
    // Bob already has his stream, so he is ready while Ada still waits for her camera.
    const bob = new CallEngine({ participantId: 'bob', transport: bobLink, localStream: bobStream, logger: { warn: () => {} } });
    engines.push(ada, bob);
    const adaJoined = ada.join('busy');
    await bob.join('busy');
    expect(ada.state, 'Ada is still getting her camera when Bob announces himself').to.equal('joining');
    await adaJoined;
    await waitForPeers(ada, ['bob']);
    await waitForPeers(bob, ['ada']);
    expect(ada.participants.map((p) => p.id)).to.deep.equal(['bob']);
    expect(bob.participants.map((p) => p.id)).to.deep.equal(['ada']);
    bobStream.getTracks().forEach((t) => t.stop());
  });

  it('cancels a join that leave() overtakes, and releases the camera', async () => {
    const [adaLink] = createMemoryTransportPair();
    const ada = new CallEngine({ participantId: 'ada', transport: adaLink, logger: { warn: () => {} } });
    engines.push(ada);
    // Watch (not replace) getUserMedia to see the stream the cancelled join obtained.
    const mediaDevices = navigator.mediaDevices;
    const realGetUserMedia = mediaDevices.getUserMedia;
    let obtained: MediaStream | null = null;
    let markAsked = () => {};
    const asked = new Promise<void>((resolve) => (markAsked = resolve));
    mediaDevices.getUserMedia = async (constraints) => {
      markAsked();
      return (obtained = await realGetUserMedia.call(mediaDevices, constraints));
    };
    try {
      const joining = ada.join('busy').catch((e) => e);
      // Leave while the browser is opening the devices, the hardest moment to release them.
      await asked;
      await ada.leave();
      const error = await joining;
      expect(error).to.have.property('code', 'invalid_state');
    } finally {
      mediaDevices.getUserMedia = realGetUserMedia;
    }
    expect(ada.state).to.equal('ended');
    expect(ada.localStream).to.equal(null);
    expect(obtained, 'the camera was asked for').to.not.equal(null);
    expect(obtained!.getTracks().map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
  });

  it('settles a join over Socket.IO at once when leave() overtakes it', async () => {
    const factory = new EngineFactory();
    try {
      const ada = factory.create({ participantId: 'ada', media: { audio: true, video: false } });
      const joining = ada.join(uniqueRoom()).catch((e) => e);
      await ada.leave();
      const started = performance.now();
      expect(await joining).to.have.property('code', 'invalid_state');
      expect(performance.now() - started, 'ms until join() settled').to.be.lessThan(2000);
    } finally {
      factory.destroyAll();
    }
  });
});
