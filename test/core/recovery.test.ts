import { expect } from '@open-wc/testing';
import type { CallEngine, CallState, RecoveryEvent } from '../../src/index.js';
import { EngineFactory, waitForPeers } from '../helpers/engines.js';
import { expectMediaFlowing } from '../helpers/rtp-stats.js';
import { uniqueRoom, waitFor } from '../helpers/test-env.js';

// Real calls through the real reference server, with one side's peer connection killed under
// the engine: the ladder must notice from the byte counters and rebuild the call. Network
// faults proper (blackholes, loss, cuts) are in test/e2e/fault-rig, in network namespaces.

/**
 * Short timings so a full restart comes within seconds. The warm-up keeps its default: a rebuilt
 * connection on a loaded machine can take more than 3 s to carry media, and a shorter warm-up
 * would rebuild it again before it could.
 */
const FAST = { iceRestartAfterMs: 500, iceRestartIntervalMs: 1000, fullRestartAfterMs: 3000 };

function record(engine: CallEngine) {
  const steps: RecoveryEvent[] = [];
  const states: CallState[] = [];
  const ended: string[] = [];
  engine.on('recovery', (event) => steps.push(event));
  engine.on('state', (state) => states.push(state));
  engine.on('call-ended', ({ reason }) => ended.push(reason));
  return { steps, states, ended, names: () => steps.map((s) => s.step) };
}

describe('recovery in a real call', () => {
  const engines = new EngineFactory();
  afterEach(() => engines.destroyAll());

  it('the caller notices dead media, says so, and rebuilds the call with a full restart', async function () {
    // A loaded Firefox now and then needs a second rebuild before the new connection carries
    // media (its warm-up runs out in silence); the ladder does that by itself, so it gets time.
    this.timeout(90_000);
    const [ada, bob] = await engines.connectedPair(uniqueRoom(), { recovery: FAST });
    // Bob joined second, so Bob called: Bob drives the restarts.
    const bobLog = record(bob);
    const adaLog = record(ada);
    const dead = ada.peerConnections.get('bob')!;
    dead.close();

    await waitFor(() => bobLog.names().includes('full-restart'), 'a full restart by the caller', 20_000);
    await waitFor(() => ada.peerConnections.get('bob') !== dead, 'a new connection on the callee', 10_000);
    await waitForPeers(bob, ['ada']);
    await waitForPeers(ada, ['bob']);
    await waitFor(() => bobLog.steps.at(-1)?.step === 'healthy', 'the caller back to healthy', 45_000).catch((error) => {
      throw new Error(`${error.message}; the caller's steps: ${bobLog.steps.map((s) => `${s.step}:${s.reason}`).join(', ')}`);
    });
    await expectMediaFlowing(ada.peerConnections.get('bob')!);

    const names = bobLog.names();
    expect(names.indexOf('degraded')).to.be.lessThan(names.indexOf('full-restart'));
    expect(bobLog.steps.at(-1)).to.include({ step: 'healthy', reason: 'recovered' });
    expect(bobLog.states).to.include('reconnecting');
    expect(bob.state).to.equal('connected');
    // The same call went on: nobody left, no call ended, one tile's worth of streams.
    expect(bobLog.ended).to.deep.equal([]);
    expect(adaLog.ended).to.deep.equal([]);
    expect([...bob.remoteStreams.keys()]).to.deep.equal(['ada']);
    expect(bob.participants.map((p) => p.id)).to.deep.equal(['ada']);
  });

  it('the callee asks the caller to rebuild when only the callee sees the media die', async () => {
    // Bob, the caller, is made blind to trouble, so only Ada's request can rebuild the call.
    const blind = { degradedAfterSamples: 1_000_000, fullRestartAfterMs: 600_000, giveUpMs: 600_000 };
    const room = uniqueRoom();
    const ada = engines.create({ participantId: 'ada', recovery: FAST });
    const bob = engines.create({ participantId: 'bob', recovery: { ...FAST, ...blind } });
    await ada.join(room);
    await bob.join(room);
    await waitForPeers(ada, ['bob']);
    await waitForPeers(bob, ['ada']);
    const adaLog = record(ada);
    const bobLog = record(bob);
    const dead = bob.peerConnections.get('ada')!;
    dead.close();

    await waitFor(() => bob.peerConnections.get('ada') !== dead, 'the caller to rebuild on request', 20_000);
    await waitForPeers(ada, ['bob']);
    await waitFor(() => adaLog.steps.at(-1)?.step === 'healthy', 'the callee back to healthy', 15_000);
    expect(bobLog.steps.map((s) => `${s.step}:${s.reason}`)).to.include('full-restart:restart-requested');
    expect(adaLog.names()).to.include('degraded');
    await expectMediaFlowing(bob.peerConnections.get('ada')!);
  });

  it('reports link quality about once a second', async () => {
    const [ada] = await engines.connectedPair(uniqueRoom());
    const reports: string[] = [];
    ada.on('quality', (report) => reports.push(`${report.participantId}:${report.level}`));
    await waitFor(() => reports.length >= 3, 'three quality reports', 10_000);
    expect(reports.at(-1)).to.equal('bob:good');
  });

  it('rejects a broken recovery policy when the engine is made', () => {
    expect(() => engines.create({ recovery: { giveUpMs: Number.NaN } })).to.throw(/recovery.giveUpMs/);
  });
});
