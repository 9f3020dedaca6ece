import { expect } from '@open-wc/testing';
import { SocketIoTransport, type RecoveryEvent, type TransportStatusChange } from '../../src/index.js';
import { EngineFactory } from '../helpers/engines.js';
import { connectRaw } from '../helpers/raw-client.js';
import { expectInboundGrowing } from '../helpers/rtp-stats.js';
import { sleep, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// A third member of a real call floods the server as fast as a page can: the server cuts it off
// within 2 s, and the two people in the call notice nothing.

describe('a flooding member', () => {
  const engines = new EngineFactory();
  afterEach(() => engines.destroyAll());

  it('is cut off with rate_limited within 2 s, while the call beside it keeps its media and never starts recovering', async function () {
    this.timeout(60_000);
    const room = uniqueRoom('flood');
    const [ada, bob] = await engines.connectedPair(room);
    const steps: RecoveryEvent[] = [];
    for (const engine of [ada, bob]) engine.on('recovery', (event) => steps.push(event));
    const flooder = await connectRaw({ room, participantId: 'flooder' });
    let refused: { code?: string } | null = null;
    flooder.socket.on('refused', (why: { code?: string }) => (refused = why));

    const started = performance.now();
    const offer = { v: 1, type: 'SIGNAL', toId: 'ada', payload: { sessionId: 'session-flood-1', description: { type: 'offer', sdp: 'v'.repeat(8 * 1024) } } };
    while (flooder.socket.connected && performance.now() - started < 5_000) {
      for (let i = 0; i < 50; i++) flooder.socket.emit('message', offer);
      await sleep(0);
    }
    const cutOffAfter = performance.now() - started;
    expect(flooder.socket.connected, 'the flooder is disconnected').to.equal(false);
    expect(cutOffAfter).to.be.below(2_000);
    expect(refused).to.deep.include({ code: 'rate_limited' });

    // The call goes on: media flowing both ways, still connected, no recovery beyond a suspect sample.
    await expectInboundGrowing(ada.peerConnections.get('bob')!, 'video');
    await expectInboundGrowing(bob.peerConnections.get('ada')!, 'video');
    await waitFor(() => ada.state === 'connected' && bob.state === 'connected', 'both still connected');
    expect(steps.filter((s) => s.step !== 'healthy' && s.step !== 'suspect').map((s) => s.step)).to.deep.equal([]);
    expect(ada.participants.map((p) => p.id)).to.not.include('flooder');
  });

  it('reaches the SDK as a typed rate_limited error when its own transport is the one cut off', async function () {
    this.timeout(30_000);
    const transport = new SocketIoTransport({ url: testEnv.signalingUrl });
    const changes: TransportStatusChange[] = [];
    transport.onStatus((change) => changes.push(change));
    await transport.connect({ v: 1, room: uniqueRoom('flood'), participantId: 'eager', instanceId: crypto.randomUUID(), name: 'Eager' });
    const refusals: string[] = [];
    for (let i = 0; i < 1_000 && !changes.some((c) => c.status === 'disconnected'); i++) {
      transport.send({ type: 'ENUM', toId: '*', payload: {} }).catch((error: { code: string }) => refusals.push(error.code));
      if (i % 50 === 0) await sleep(0);
    }
    const closed = await waitFor(() => changes.find((c) => c.status === 'disconnected'), 'the transport closed by the server');
    expect(closed.error?.code).to.equal('rate_limited');
    expect(refusals).to.include('rate_limited');
    transport.close();
  });
});
