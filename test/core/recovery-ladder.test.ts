import { expect } from '@open-wc/testing';
import { resolveRecoveryPolicy, type RecoveryPolicy } from '../../src/recovery/policy.js';
import { RecoveryLadder, type LadderEffect, type LadderSignal } from '../../src/recovery/recovery-ladder.js';

/** A ladder on a fake clock, fed one stats sample a second as the health monitor does. */
function harness(role: 'caller' | 'callee', overrides: Partial<RecoveryPolicy> = {}) {
  let now = 0;
  const ladder = new RecoveryLadder({ role, policy: resolveRecoveryPolicy(overrides), now: () => now });
  const effects: Array<LadderEffect & { at: number }> = [];
  const record = (list: LadderEffect[]) => list.forEach((effect) => effects.push({ ...effect, at: now }));
  const h = {
    ladder,
    effects,
    get now() {
      return now;
    },
    feed(signal: LadderSignal) {
      record(ladder.feed(signal));
      return h;
    },
    /** Advances the clock a second at a time, one media sample (alive or not) per second. */
    samples(seconds: number, alive: boolean) {
      for (let i = 0; i < seconds; i++) {
        now += 1000;
        record(ladder.feed({ kind: 'media', alive }));
      }
      return h;
    },
    /** Advances the clock without samples (stats unavailable), ticking each second. */
    wait(ms: number) {
      for (let waited = 0; waited < ms; waited += 1000) {
        now += Math.min(1000, ms - waited);
        record(ladder.tick());
      }
      return h;
    },
    steps: () => effects.filter((e) => e.kind === 'step').map((e) => (e as { step: string }).step),
    actions: () => effects.filter((e) => e.kind !== 'step').map((e) => `${e.kind}@${e.at / 1000}`),
    clear() {
      effects.length = 0;
      return h;
    },
  };
  return h;
}

/** A call that connected and carried media for a few seconds. */
function connected(role: 'caller' | 'callee', overrides: Partial<RecoveryPolicy> = {}) {
  return harness(role, overrides).feed({ kind: 'peer-started' }).feed({ kind: 'connection', state: 'connected' }).samples(3, true).clear();
}

describe('recovery ladder', () => {
  it('stays healthy and silent while media flows', () => {
    const h = connected('caller').samples(30, true);
    expect(h.effects).to.deep.equal([]);
    expect(h.ladder.step).to.equal('healthy');
  });

  it('debounces one bad sample as suspect and goes back without a restart', () => {
    const h = connected('caller').samples(1, false);
    expect(h.ladder.step).to.equal('suspect');
    h.samples(1, true);
    expect(h.steps()).to.deep.equal(['suspect', 'healthy']);
    expect(h.actions()).to.deep.equal([]);
  });

  it('degrades on the second bad sample, well within 4 s of the media stopping', () => {
    const h = connected('caller', { iceRestartAfterMs: 10_000 }).samples(2, false);
    expect(h.steps()).to.deep.equal(['suspect', 'degraded']);
    expect(h.effects.at(-1)!.at - 3000).to.equal(2000);
  });

  it('climbs as the caller: ICE restarts at an interval, then full restarts, then ends', () => {
    const h = connected('caller').samples(70, false);
    const actions = h.actions();
    // Trouble starts at the first bad sample (t=4 s): ICE restart 1.5 s later, then every 2 s.
    expect(actions.slice(0, 3)).to.deep.equal(['restart-ice@6', 'restart-ice@8', 'restart-ice@10']);
    expect(actions).to.include('full-restart@16');
    expect(actions).to.include('full-restart@26');
    expect(actions.at(-1)).to.equal('end@64');
    expect(h.ladder.step).to.equal('ended');
    expect(h.ladder.reason).to.equal('media-unrecoverable');
    expect(h.steps().slice(0, 3)).to.deep.equal(['suspect', 'degraded', 'ice-restart']);
  });

  it('ends only once and ignores everything after', () => {
    const h = connected('caller', { giveUpMs: 5000 }).samples(10, false);
    expect(h.actions().filter((a) => a.startsWith('end'))).to.have.length(1);
    h.clear().samples(5, true).feed({ kind: 'network', up: false }).wait(5000);
    expect(h.effects).to.deep.equal([]);
  });

  it('as the callee never restarts, asks the caller for a full restart, and gives up later than the caller', () => {
    const h = connected('callee').samples(80, false);
    const actions = h.actions();
    expect(actions.filter((a) => a.startsWith('restart-ice') || a.startsWith('full-restart'))).to.deep.equal([]);
    expect(actions).to.include('request-restart@16');
    expect(actions.at(-1)).to.equal('end@79');
  });

  it('treats a failed connection as degraded at once', () => {
    const h = connected('caller', { iceRestartAfterMs: 5000 }).feed({ kind: 'connection', state: 'failed' });
    expect(h.steps()).to.deep.equal(['degraded']);
    expect(h.ladder.reason).to.equal('connection-failed');
  });

  it('waits instead of restarting while this side has no network, and restarts ICE the moment it is back', () => {
    const h = connected('caller').feed({ kind: 'network', up: false, reason: 'signaling-lost' }).samples(25, false);
    expect(h.actions()).to.deep.equal([]);
    expect(h.ladder.step).to.equal('waiting-for-network');
    expect(h.ladder.reason).to.equal('signaling-lost');
    const last = h.effects.filter((e) => e.kind === 'step').at(-1) as { giveUpInMs: number };
    expect(last.giveUpInMs).to.be.within(30_000, 60_000);
    h.clear().feed({ kind: 'network', up: true });
    expect(h.actions()).to.deep.equal([`restart-ice@${h.now / 1000}`]);
    h.samples(1, true);
    expect(h.ladder.step).to.equal('healthy');
  });

  it('keeps a call whose media flows while signaling is down: no step, no restart', () => {
    const h = connected('caller').feed({ kind: 'network', up: false, reason: 'signaling-lost' }).samples(90, true);
    expect(h.effects).to.deep.equal([]);
    h.feed({ kind: 'network', up: true }).samples(3, true);
    expect(h.effects).to.deep.equal([]);
  });

  it('ends after the network give-up time without any network, counting down while waiting', () => {
    const h = connected('callee', { networkGiveUpMs: 20_000 }).feed({ kind: 'network', up: false, reason: 'offline' }).samples(30, false);
    expect(h.actions()).to.deep.equal(['end@24']);
    expect(h.ladder.reason).to.equal('network-lost');
    const waits = h.effects.filter((e) => e.kind === 'step' && e.step === 'waiting-for-network');
    expect(waits[0]).to.include({ reason: 'offline' });
  });

  it('restarts the time in trouble whenever the network comes back, so a bouncing call is not killed', () => {
    const h = connected('caller', { networkGiveUpMs: 20_000 });
    for (let i = 0; i < 6; i++) {
      h.feed({ kind: 'network', up: false }).samples(15, false).feed({ kind: 'network', up: true }).samples(1, false);
    }
    expect(h.actions().filter((a) => a.startsWith('end'))).to.deep.equal([]);
    h.samples(1, true);
    expect(h.ladder.step).to.equal('healthy');
  });

  it('stays in trouble while a restart moves the connection back to connecting', () => {
    const h = connected('caller').feed({ kind: 'connection', state: 'disconnected' }).samples(2, false);
    expect(h.steps()).to.deep.equal(['degraded', 'ice-restart']);
    h.clear().feed({ kind: 'connection', state: 'connecting' }).samples(1, false);
    expect(h.steps()).to.not.include('suspect');
    expect(h.ladder.step).to.equal('ice-restart');
  });

  it('flapping media never climbs past suspect', () => {
    const h = connected('caller');
    for (let i = 0; i < 20; i++) h.samples(1, false).samples(1, true);
    expect(new Set(h.steps())).to.deep.equal(new Set(['suspect', 'healthy']));
    expect(h.actions()).to.deep.equal([]);
  });

  it('waits for an unreachable peer, gives up on it, or restarts ICE as soon as it answers again', () => {
    const lost = connected('caller', { giveUpMs: 20_000 }).samples(2, false).feed({ kind: 'heartbeat', reachable: false }).samples(25, false);
    expect(lost.ladder.reason).to.equal('peer-lost');
    expect(lost.actions().at(-1)).to.equal('end@24');

    const back = connected('caller').samples(2, false).feed({ kind: 'heartbeat', reachable: false }).samples(10, false).clear();
    back.feed({ kind: 'heartbeat', reachable: true });
    expect(back.actions()).to.deep.equal([`restart-ice@${back.now / 1000}`]);
  });

  it('restarts the clock when the connection comes back to connected, pushing the full restart out', () => {
    const h = connected('caller').samples(5, false).feed({ kind: 'connection', state: 'disconnected' }).samples(5, false);
    h.feed({ kind: 'connection', state: 'connected' }).samples(10, false);
    expect(h.actions().filter((a) => a.startsWith('full-restart'))).to.deep.equal([]);
    h.samples(5, false);
    expect(h.actions().filter((a) => a.startsWith('full-restart'))).to.have.length(1);
  });

  it('forgives silence while a new connection warms up, then counts it', () => {
    const h = harness('caller', { warmupMs: 5000 }).feed({ kind: 'peer-started' }).samples(4, false);
    expect(h.effects).to.deep.equal([]);
    h.samples(2, false);
    expect(h.ladder.step).to.equal('degraded');
  });

  it('holds a full restart until the rebuilt connection carries media', () => {
    const h = connected('caller').samples(13, false);
    expect(h.ladder.step).to.equal('full-restart');
    h.clear().feed({ kind: 'peer-started', restart: true }).samples(3, false).feed({ kind: 'connection', state: 'connected' });
    expect(h.effects).to.deep.equal([]);
    h.samples(1, true);
    expect(h.steps()).to.deep.equal(['healthy']);
    expect(h.ladder.reason).to.equal('recovered');
  });

  it('shows the callee a full restart the caller started', () => {
    const h = connected('callee').samples(5, false).clear().feed({ kind: 'peer-started', restart: true });
    expect(h.steps()).to.deep.equal(['full-restart']);
    h.samples(2, true);
    expect(h.steps()).to.deep.equal(['full-restart', 'healthy']);
  });

  it("answers a callee's restart request with a full restart, once per interval", () => {
    const h = connected('caller').samples(3, false).feed({ kind: 'restart-requested' });
    expect(h.actions().filter((a) => a.startsWith('full-restart'))).to.have.length(1);
    h.feed({ kind: 'restart-requested' });
    expect(h.actions().filter((a) => a.startsWith('full-restart'))).to.have.length(1);
  });

  it('rebuilds the call when the callee asks although the caller sees no trouble (a one-way failure)', () => {
    const h = connected('caller').feed({ kind: 'restart-requested' });
    expect(h.actions()).to.deep.equal(['full-restart@3']);
    expect(h.steps()).to.deep.equal(['full-restart']);
    h.clear().feed({ kind: 'peer-started', restart: true }).samples(2, false).feed({ kind: 'connection', state: 'connected' }).samples(1, true);
    expect(h.steps()).to.deep.equal(['healthy']);
  });

  it('rejects a policy with unknown or negative settings', () => {
    expect(() => resolveRecoveryPolicy({ giveUpMS: 1 } as Partial<RecoveryPolicy>)).to.throw(/giveUpMS is not a recovery setting/);
    expect(() => resolveRecoveryPolicy({ giveUpMs: -1 })).to.throw(/must be a number/);
    expect(() => resolveRecoveryPolicy({ statsIntervalMs: 10 })).to.throw(/at least 100/);
  });
});
