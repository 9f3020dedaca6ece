import { expect } from '@open-wc/testing';
import { CallLifecycle, INCOMING_RING_GRACE_MS, type LifecycleEffect, type LifecycleOptions } from '../../src/room/call-lifecycle.js';

/** A lifecycle on a fake clock; effects are read as short strings, in order. */
function harness(options: Partial<LifecycleOptions> & Pick<LifecycleOptions, 'role'>) {
  let now = 0;
  const lifecycle = new CallLifecycle({ sessionId: 'm', autoAccept: false, ringTimeoutMs: 30_000, now: () => now, ...options });
  const show = (effects: LifecycleEffect[]) =>
    effects.map((e) => ('reason' in e ? `${e.kind}:${e.reason}` : 'restart' in e ? `${e.kind}${e.restart ? ':restart' : ''}` : e.kind));
  return {
    lifecycle,
    start: () => show(lifecycle.start()),
    feed: (...args: Parameters<CallLifecycle['feed']>) => show(lifecycle.feed(...args)),
    /** Advances the clock and ticks once, as the manager's timer does at `wakeAt`. */
    wait(ms: number) {
      now += ms;
      return show(lifecycle.tick());
    },
  };
}

describe('call lifecycle', () => {
  describe('ringing out (direct mode)', () => {
    it('rings, and starts the peer once answered', () => {
      const h = harness({ role: 'caller' });
      expect(h.start()).to.deep.equal(['send-calling']);
      expect(h.lifecycle.phase).to.equal('ringing-out');
      expect(h.lifecycle.wakeAt).to.equal(30_000);
      expect(h.feed({ kind: 'answered' })).to.deep.equal(['start-peer', 'answered']);
      expect(h.lifecycle.phase).to.equal('active');
      expect(h.lifecycle.wakeAt).to.equal(null);
      expect(h.feed({ kind: 'answered' }), 'a second answer changes nothing').to.deep.equal([]);
    });

    it('gives up when the ring runs out, to the millisecond, and tells the callee', () => {
      const h = harness({ role: 'caller' });
      h.start();
      expect(h.wait(29_999)).to.deep.equal([]);
      expect(h.wait(1)).to.deep.equal(['send-end:timeout', 'unanswered:timeout', 'close-peer', 'ended:timeout']);
      expect(h.lifecycle.phase).to.equal('ended');
      expect(h.wait(60_000), 'ended is final').to.deep.equal([]);
    });

    it('ends unanswered when the callee declines', () => {
      const h = harness({ role: 'caller' });
      h.start();
      expect(h.feed({ kind: 'ended-by-peer', reason: 'declined' })).to.deep.equal(['unanswered:declined', 'close-peer', 'ended:declined']);
    });

    it('resolves a glare by the smaller session id, on both sides, without a message', () => {
      const loser = harness({ role: 'caller', sessionId: 'b' });
      loser.start();
      expect(loser.feed({ kind: 'calling', sessionId: 'a' })).to.deep.equal(['start-peer', 'send-answer', 'introduce', 'answered']);
      expect(loser.lifecycle.role).to.equal('callee');
      expect(loser.lifecycle.sessionId).to.equal('a');
      expect(loser.lifecycle.phase).to.equal('active');

      const winner = harness({ role: 'caller', sessionId: 'a' });
      winner.start();
      expect(winner.feed({ kind: 'calling', sessionId: 'b' })).to.deep.equal([]);
      expect(winner.lifecycle.phase).to.equal('ringing-out');
      expect(winner.lifecycle.sessionId).to.equal('a');
    });
  });

  describe('ringing out (room mode)', () => {
    it('starts the peer right after CALLING, without waiting for the answer', () => {
      const h = harness({ role: 'caller', autoAccept: true });
      expect(h.start()).to.deep.equal(['send-calling', 'start-peer', 'answered']);
      expect(h.lifecycle.phase).to.equal('active');
      expect(h.lifecycle.wakeAt).to.equal(null);
    });
  });

  describe('ringing in', () => {
    it('asks the person, then answers and introduces the caller to the mesh', () => {
      const h = harness({ role: 'callee' });
      expect(h.start()).to.deep.equal(['ring-in']);
      expect(h.lifecycle.phase).to.equal('ringing-in');
      expect(h.feed({ kind: 'accept' })).to.deep.equal(['start-peer', 'send-answer', 'introduce']);
      expect(h.lifecycle.phase).to.equal('active');
      expect(h.feed({ kind: 'accept' })).to.deep.equal([]);
      expect(h.feed({ kind: 'decline' }), 'too late to decline').to.deep.equal([]);
    });

    it('answers at once in room mode', () => {
      const h = harness({ role: 'callee', autoAccept: true });
      expect(h.start()).to.deep.equal(['start-peer', 'send-answer', 'introduce']);
    });

    it('declines, telling the caller', () => {
      const h = harness({ role: 'callee' });
      h.start();
      expect(h.feed({ kind: 'decline' })).to.deep.equal(['send-end:declined', 'ring-in-cancelled', 'close-peer', 'ended:declined']);
    });

    it("cleans up on its own only after the caller's ring plus a grace, without telling anyone", () => {
      const h = harness({ role: 'callee' });
      h.start();
      expect(h.lifecycle.wakeAt).to.equal(30_000 + INCOMING_RING_GRACE_MS);
      expect(h.wait(30_000)).to.deep.equal([]);
      expect(h.wait(INCOMING_RING_GRACE_MS)).to.deep.equal(['ring-in-cancelled', 'close-peer', 'ended:timeout']);
    });

    it('is cancelled by the caller hanging up, and replaced by a new ring from the same caller', () => {
      const cancelled = harness({ role: 'callee' });
      cancelled.start();
      expect(cancelled.feed({ kind: 'ended-by-peer', reason: 'hangup' })).to.deep.equal(['ring-in-cancelled', 'close-peer', 'ended:hangup']);

      const replaced = harness({ role: 'callee' });
      replaced.start();
      expect(replaced.feed({ kind: 'calling', sessionId: 'm' }), 'the same ring again').to.deep.equal([]);
      expect(replaced.feed({ kind: 'calling', sessionId: 'n' })).to.deep.equal(['ring-in-cancelled', 'close-peer', 'ended:replaced']);
    });
  });

  describe('active', () => {
    it('rebuilds as the caller: fresh ICE first, then a new session and a new peer', () => {
      const h = harness({ role: 'caller', autoAccept: true });
      h.start();
      expect(h.feed({ kind: 'restart-wanted' })).to.deep.equal(['prepare-rebuild']);
      expect(h.lifecycle.sessionId, 'the old session carries on until the rebuild').to.equal('m');
      expect(h.feed({ kind: 'rebuild', sessionId: 'n' })).to.deep.equal(['close-peer', 'send-calling', 'start-peer:restart']);
      expect(h.lifecycle.sessionId).to.equal('n');
      expect(h.lifecycle.phase).to.equal('active');
    });

    it('asks the caller to rebuild as the callee, and follows its new session', () => {
      const h = harness({ role: 'callee', autoAccept: true });
      h.start();
      expect(h.feed({ kind: 'restart-wanted' })).to.deep.equal(['request-restart']);
      expect(h.feed({ kind: 'rebuild', sessionId: 'x' }), 'only the caller rebuilds').to.deep.equal([]);
      expect(h.feed({ kind: 'calling', sessionId: 'n' })).to.deep.equal(['close-peer', 'start-peer:restart', 'send-answer']);
      expect(h.lifecycle.sessionId).to.equal('n');
      expect(h.lifecycle.role).to.equal('callee');
    });

    it('a caller rebuilt by the other side becomes the callee of the new session', () => {
      const h = harness({ role: 'caller', autoAccept: true });
      h.start();
      expect(h.feed({ kind: 'calling', sessionId: 'n' })).to.deep.equal(['close-peer', 'start-peer:restart', 'send-answer']);
      expect(h.lifecycle.role).to.equal('callee');
    });

    it('hangs up, telling the peer or not, and then ignores everything', () => {
      const h = harness({ role: 'caller', autoAccept: true });
      h.start();
      expect(h.feed({ kind: 'hang-up', reason: 'left', notify: false })).to.deep.equal(['close-peer', 'ended:left']);
      expect(h.feed({ kind: 'hang-up', reason: 'hangup', notify: true })).to.deep.equal([]);
      expect(h.feed({ kind: 'calling', sessionId: 'n' })).to.deep.equal([]);
      expect(h.feed({ kind: 'restart-wanted' })).to.deep.equal([]);

      const told = harness({ role: 'callee', autoAccept: true });
      told.start();
      expect(told.feed({ kind: 'hang-up', reason: 'lost', notify: true })).to.deep.equal(['send-end:lost', 'close-peer', 'ended:lost']);
    });
  });
});
