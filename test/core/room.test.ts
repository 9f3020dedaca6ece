// First: the census wraps constructors and timers before any SDK code runs.
import { census, censusBeyond, nothingBeyond } from '../helpers/sdk-census.js';
import { expect } from '@open-wc/testing';
import { CallError, SocketIoTransport, type CallEngine } from '../../src/index.js';
import { EngineFactory, waitForPeers, waitForState } from '../helpers/engines.js';
import { connectRaw } from '../helpers/raw-client.js';
import { expectMediaFlowing } from '../helpers/rtp-stats.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

async function joinError(engine: CallEngine, room: string): Promise<CallError> {
  const error = await engine.join(room).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(CallError);
  return error as CallError;
}

describe('rooms through the reference server', () => {
  const engines = new EngineFactory();
  afterEach(() => engines.destroyAll());

  it('connects three participants in a full mesh, whatever the join timing', async () => {
    const room = uniqueRoom();
    const ids = ['ada', 'bob', 'cy'];
    const [ada, bob, cy] = ids.map((id) => engines.create({ participantId: id, displayName: id }));
    await ada.join(room);
    // Two newcomers at once: neither may be left unconnected to the other.
    await Promise.all([bob.join(room), cy.join(room)]);
    for (const engine of [ada, bob, cy])
      await waitForPeers(
        engine,
        ids.filter((id) => id !== engine.participantId),
      );
    for (const engine of [ada, bob, cy]) {
      expect(engine.participants.map((p) => p.id).sort()).to.deep.equal(ids.filter((id) => id !== engine.participantId));
      for (const pc of engine.peerConnections.values()) await expectMediaFlowing(pc, 1000);
    }
  });

  it('holds four participants and refuses a fifth with room_full', async () => {
    const room = uniqueRoom();
    const ids = ['p1', 'p2', 'p3', 'p4'];
    const four = ids.map((id) => engines.create({ participantId: id, media: { audio: true, video: false } }));
    for (const engine of four) await engine.join(room);
    for (const engine of four)
      await waitForPeers(
        engine,
        ids.filter((id) => id !== engine.participantId),
      );
    const fifth = engines.create({ participantId: 'p5', media: { audio: true, video: false } });
    const error = await joinError(fifth, room);
    expect(error.code).to.equal('room_full');
    expect(fifth.state).to.equal('ended');
    expect(fifth.localStream).to.equal(null);
    for (const engine of four) expect(engine.state).to.equal('connected');
  });

  it('refuses a second tab of the same participant; the first stays in the call', async () => {
    const room = uniqueRoom();
    const [ada, bob] = await engines.connectedPair(room);
    const secondTab = engines.create({ participantId: 'ada' });
    const errors: string[] = [];
    secondTab.on('error', (e) => errors.push(e.code));
    const error = await joinError(secondTab, room);
    expect(error.code).to.equal('already_in_room');
    expect(errors).to.deep.equal(['already_in_room']);
    expect(secondTab.state).to.equal('ended');
    expect(ada.state).to.equal('connected');
    await expectMediaFlowing(ada.peerConnections.get('bob')!);
    expect(bob.participants.map((p) => p.id)).to.deep.equal(['ada']);
  });

  it('recovers a socket dropped for 3 s without a new JOIN, a restart or a new peer connection', async () => {
    const room = uniqueRoom();
    const adaTransport = new SocketIoTransport({ url: testEnv.signalingUrl });
    const bobTransport = new SocketIoTransport({ url: testEnv.signalingUrl });
    const ada = engines.create({ participantId: 'ada', transport: adaTransport });
    const bob = engines.create({ participantId: 'bob', transport: bobTransport });
    await ada.join(room);
    await bob.join(room);
    await waitForPeers(bob, ['ada']);
    await waitForState(ada, 'connected');
    const pcBefore = bob.peerConnections.get('ada');
    const seenByBob: string[] = [];
    bobTransport.onMessage((m) => seenByBob.push((m as { type: string }).type));
    const statuses: string[] = [];
    const states: string[] = [];
    const steps: string[] = [];
    ada.on('transport-status', (s) => statuses.push(`${s.status}${s.recovered ? ' (recovered)' : ''}`));
    ada.on('state', (state) => states.push(state));
    for (const engine of [ada, bob]) engine.on('recovery', (e) => steps.push(`${e.participantId}:${e.step}`));

    // Cut Ada's socket and keep it down for 3 s before Socket.IO reconnects.
    const manager = adaTransport.socket!.io;
    manager.reconnectionDelay(3000).reconnectionDelayMax(3000).randomizationFactor(0);
    manager.engine.close();
    const cutAt = performance.now();
    await waitFor(() => statuses.includes('connected (recovered)'), 'the recovered socket', 10_000);
    expect(performance.now() - cutAt, 'time without a socket').to.be.greaterThan(2500);
    expect(statuses).to.deep.equal(['reconnecting', 'connected (recovered)']);
    // The media never stopped, so the call never looked broken and nothing restarted.
    expect(states).to.deep.equal([]);
    expect(steps.filter((s) => !s.endsWith(':suspect') && !s.endsWith(':healthy'))).to.deep.equal([]);
    expect(seenByBob.filter((t) => t === 'JOIN' || t === 'LEAVE')).to.deep.equal([]);
    expect(bob.peerConnections.get('ada')).to.equal(pcBefore);
    expect(bob.participants.map((p) => p.id)).to.deep.equal(['ada']);
    await expectMediaFlowing(pcBefore!);
  });

  it('rebuilds the mesh when a socket comes back after the server gave its session up', async () => {
    const room = uniqueRoom();
    // Ada joins first: coming back she gets a new, later join order and must now be the caller.
    const adaTransport = new SocketIoTransport({ url: testEnv.signalingUrl });
    const audioOnly = { media: { audio: true, video: false } };
    const ada = engines.create({ participantId: 'ada', transport: adaTransport, ...audioOnly });
    const bob = engines.create({ participantId: 'bob', ...audioOnly });
    const carol = engines.create({ participantId: 'carol', ...audioOnly });
    for (const engine of [ada, bob, carol]) await engine.join(room);
    await waitForPeers(ada, ['bob', 'carol']);
    const pcBefore = bob.peerConnections.get('ada');
    const left = new Promise((resolve) => bob.on('participant-left', resolve));
    // Down for longer than the test server's 6 s recovery window: the room is told Ada left.
    const manager = adaTransport.socket!.io;
    manager.reconnectionDelay(7500).reconnectionDelayMax(7500).randomizationFactor(0);
    manager.engine.close();
    await left;
    const back = await new Promise<{ recovered: boolean }>((resolve) => ada.on('transport-status', (s) => s.status === 'connected' && resolve(s)));
    expect(back.recovered).to.equal(false);
    manager.reconnectionDelay(500).reconnectionDelayMax(4000);
    await waitForPeers(ada, ['bob', 'carol']);
    for (const engine of [bob, carol]) await waitForPeers(engine, ['ada']);
    expect(bob.peerConnections.get('ada')).to.not.equal(pcBefore);
    expect(bob.participants.map((p) => p.id).sort()).to.deep.equal(['ada', 'carol']);
    await expectMediaFlowing(ada.peerConnections.get('bob')!, 1000);
  });

  it('sends LEAVE with a beacon when the page is hidden for good', async () => {
    const room = uniqueRoom();
    const watcher = await connectRaw({ room, participantId: 'watcher' });
    try {
      const bob = engines.create({ participantId: 'bob', media: { audio: true, video: false } });
      await bob.join(room);
      const errors: string[] = [];
      bob.on('error', (e) => errors.push(e.code));
      // What the browser fires when the tab closes or navigates away.
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      const leave = await waitFor(() => watcher.received.find((m) => m.type === 'LEAVE'), 'the LEAVE', 5000);
      expect(leave.fromId).to.equal('bob');
      // The server closed Bob's socket after the beacon: the engine ends instead of retrying.
      await waitForState(bob, 'ended', 5000);
      expect(errors).to.deep.equal(['signaling_closed']);
    } finally {
      watcher.close();
    }
  });

  it('destroy() twice is safe and leaves no peer connection, track, socket, timer or page listener', async () => {
    const before = census();
    const room = uniqueRoom();
    const [ada, bob] = await engines.connectedPair(room);
    const pcs = [...ada.peerConnections.values()];
    const tracks = ada.localStream!.getTracks();
    const left = new Promise((resolve) => bob.on('participant-left', resolve));
    ada.destroy();
    ada.destroy();
    expect(ada.state).to.equal('ended');
    expect(pcs.map((pc) => pc.connectionState)).to.deep.equal(['closed']);
    expect(tracks.map((t) => t.readyState)).to.deep.equal(['ended', 'ended']);
    expect(ada.peerConnections.size).to.equal(0);
    await left;
    const error = await ada.join(room).catch((e: CallError) => e);
    expect(error).to.have.property('code', 'destroyed');
    // What both opened is closed again once Bob is destroyed too: checked on the page's real
    // resources, not the emitter that destroy() clears, which could hide an inner subscription.
    bob.destroy();
    await waitFor(() => nothingBeyond(censusBeyond(census(), before)), 'everything the engines opened to close', 5_000).catch((timeout: Error) => {
      throw new Error(`${timeout.message}; still open: ${JSON.stringify(censusBeyond(census(), before))}`);
    });
  });
});
