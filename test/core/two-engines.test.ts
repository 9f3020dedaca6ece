import { expect } from '@open-wc/testing';
import { EngineFactory, waitForPeers, waitForState } from '../helpers/engines.js';
import { expectMediaFlowing } from '../helpers/rtp-stats.js';
import { uniqueRoom, waitFor } from '../helpers/test-env.js';

describe('two engines through the reference server', () => {
  const engines = new EngineFactory();
  afterEach(() => engines.destroyAll());

  it('connect in room mode and send RTP both ways', async () => {
    const room = uniqueRoom();
    const ada = engines.create({ participantId: 'ada', displayName: 'Ada' });
    const bob = engines.create({ participantId: 'bob', displayName: 'Bob' });
    const states: string[] = [];
    bob.on('state', (s) => states.push(s));
    await ada.join(room);
    expect(ada.state).to.equal('waiting');
    await bob.join(room);
    await waitForState(ada, 'connected');
    await waitForState(bob, 'connected');
    expect(states).to.include.members(['joining', 'connected']);
    expect(ada.participants.map((p) => p.name)).to.deep.equal(['Bob']);
    expect(bob.participants.map((p) => p.name)).to.deep.equal(['Ada']);
    await expectMediaFlowing(ada.peerConnections.get('bob')!);
    await expectMediaFlowing(bob.peerConnections.get('ada')!);
    await waitFor(() => bob.remoteStreams.get('ada')?.getVideoTracks().length, 'a remote video track');
  });

  it('tells the other side when one leaves, and can join again', async () => {
    const room = uniqueRoom();
    const [ada, bob] = await engines.connectedPair(room);
    const left = new Promise((resolve) => ada.on('participant-left', resolve));
    await bob.leave();
    expect(bob.state).to.equal('ended');
    await left;
    await waitForState(ada, 'waiting');
    expect(ada.peerConnections.size).to.equal(0);
    await bob.join(room);
    await waitForPeers(ada, ['bob']);
    await waitForPeers(bob, ['ada']);
  });

  it('refuses a malformed ICE config at join with invalid_ice_config, naming the entry', async () => {
    const engine = engines.create({ iceConfig: { stun: ['https://stun.example.org'] } });
    const reported: string[] = [];
    engine.on('error', (e) => reported.push(e.code));
    const error = await engine.join(uniqueRoom()).catch((e) => e);
    expect(error).to.have.property('code', 'invalid_ice_config');
    expect(error.message).to.contain('iceConfig.stun[0]');
    expect(reported).to.deep.equal(['invalid_ice_config']);
    expect(engine.state).to.equal('idle');
  });
});
