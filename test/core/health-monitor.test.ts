import { expect } from '@open-wc/testing';
import type { PeerSession } from '../../src/peer/peer-session.js';
import { HealthMonitor } from '../../src/recovery/health-monitor.js';
import { resolveRecoveryPolicy } from '../../src/recovery/policy.js';
import { sleep } from '../helpers/test-env.js';

// The monitor's own scheduling, with stand-in connections whose getStats() the test controls:
// Firefox may never settle the getStats() of a connection closed or rebuilt while it ran, and
// one such sample once wedged a monitor for good (its ladder waited for media it no longer read).

/** A connection whose getStats() hangs for its first `hangs` calls, then answers with no stats. */
function standIn(hangs: number): { peer: PeerSession; calls: () => number } {
  let calls = 0;
  const pc = {
    getStats: () => (++calls <= hangs ? new Promise<RTCStatsReport>(() => {}) : Promise.resolve(new Map() as unknown as RTCStatsReport)),
  };
  const peer = { state: 'connected', pc, on: () => () => {} } as unknown as PeerSession;
  return { peer, calls: () => calls };
}

describe('HealthMonitor sampling', () => {
  const policy = resolveRecoveryPolicy({ statsIntervalMs: 100, heartbeatIntervalMs: 10_000 });
  let monitor: HealthMonitor | null = null;
  afterEach(() => monitor?.stop());

  function start(): HealthMonitor {
    monitor = new HealthMonitor({
      remoteId: 'bob',
      role: 'caller',
      policy,
      sessionId: () => 's1',
      ping: () => {},
      networkUp: () => true,
      onEffects: () => {},
      onQuality: () => {},
    });
    return monitor;
  }

  it('samples a rebuilt connection while the old one’s getStats() never answers', async () => {
    const health = start();
    const old = standIn(Infinity);
    health.watch(old.peer, false);
    await sleep(250);
    expect(old.calls(), 'one sample of the old connection, which hangs').to.equal(1);
    const rebuilt = standIn(0);
    health.watch(rebuilt.peer, true);
    await sleep(700);
    expect(rebuilt.calls(), 'the rebuilt connection sampled every interval').to.be.at.least(4);
  });

  it('gives up on a getStats() that does not answer within three intervals, and samples again', async () => {
    const health = start();
    const once = standIn(1);
    health.watch(once.peer, false);
    await sleep(1_200);
    // 300 ms lost to the hung sample, then one every 100 ms.
    expect(once.calls(), 'sampling went on after the hung call').to.be.at.least(4);
  });
});
