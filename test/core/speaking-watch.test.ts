import { expect } from '@open-wc/testing';
import { SpeakingWatch, type SpeakingSource } from '../../src/index.js';
import { sleep, waitFor } from '../helpers/test-env.js';

// The watch's own rules, on stand-in receivers (the real ones are read in
// test/components/speaking.test.ts): who counts as speaking, for how long, and when it reads.

/** A participant whose audio receiver reports `level` on a packet that arrived just now (or `ageMs` ago). */
function remote(state: { level: number; ageMs?: number; closed?: boolean }) {
  const source = () => ({ audioLevel: state.level, timestamp: performance.timeOrigin + performance.now() - (state.ageMs ?? 0) });
  const receiver = { track: { kind: 'audio' }, getSynchronizationSources: () => [source()] };
  return {
    get connectionState() {
      return state.closed ? 'closed' : 'connected';
    },
    getReceivers: () => [receiver],
  } as unknown as RTCPeerConnection;
}

describe('SpeakingWatch', () => {
  const options = { intervalMs: 20, holdMs: 150, threshold: 0.05 };

  it('marks a participant above the threshold, and keeps them marked through short pauses', async () => {
    const ada = { level: 0.3 };
    const bob = { level: 0.01 };
    const source: SpeakingSource = {
      peerConnections: new Map([
        ['ada', remote(ada)],
        ['bob', remote(bob)],
      ]),
    };
    const watch = new SpeakingWatch(source, options);
    const seen: Array<{ at: number; ids: string[] }> = [];
    const stop = watch.on('speaking', (speaking) => seen.push({ at: performance.now(), ids: [...speaking] }));
    try {
      await waitFor(() => watch.speaking.has('ada'), 'Ada speaking');
      expect(watch.speaking.has('bob')).to.equal(false);
      const pausedAt = performance.now();
      ada.level = 0;
      await waitFor(() => !watch.speaking.has('ada'), 'Ada quiet after the hold', 2000);
      expect(
        seen.map((s) => s.ids),
        'emitted only on change',
      ).to.deep.equal([['ada'], []]);
      // A slow machine only makes the unmarking later, never earlier than the hold.
      expect(seen[1].at - pausedAt, 'unmarked before the hold ran out').to.be.at.least(options.holdMs - options.intervalMs);
    } finally {
      stop();
    }
  });

  it('ignores a loud packet that is old (a frozen link keeps its last level), and closed connections', async () => {
    const frozen = remote({ level: 0.9, ageMs: 5_000 });
    let reads = 0;
    const counted = { connectionState: 'connected', getReceivers: () => (reads++, frozen.getReceivers()) } as unknown as RTCPeerConnection;
    const closed = { level: 0.9, closed: true };
    const watch = new SpeakingWatch(
      {
        peerConnections: new Map([
          ['frozen', counted],
          ['closed', remote(closed)],
        ]),
      },
      options,
    );
    const stop = watch.on('speaking', () => {});
    // Counted reads, not a fixed wait: three of them heard the loud old packet and let it be.
    await waitFor(() => reads >= 3, 'three reads');
    expect([...watch.speaking]).to.deep.equal([]);
    stop();
  });

  it('reads only while someone listens, and forgets who left', async () => {
    let reads = 0;
    const pc = remote({ level: 0.3 });
    const counted = { connectionState: 'connected', getReceivers: () => (reads++, pc.getReceivers()) } as unknown as RTCPeerConnection;
    const pcs = new Map([['ada', counted]]);
    const watch = new SpeakingWatch({ peerConnections: pcs }, options);
    await sleep(60);
    expect(reads, 'read with nobody listening').to.equal(0);
    const stop = watch.on('speaking', () => {});
    await waitFor(() => watch.speaking.has('ada'), 'Ada speaking');
    pcs.delete('ada');
    await waitFor(() => watch.speaking.size === 0, 'Ada gone');
    stop();
    const after = reads;
    await sleep(60);
    expect(reads, 'read after the last listener left').to.equal(after);
  });
});
