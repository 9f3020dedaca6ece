import { expect } from '@open-wc/testing';
import { isOffer, useLinkedSessions, type LinkedPair } from '../helpers/linked-sessions.js';
import { expectMediaFlowing } from '../helpers/rtp-stats.js';
import { waitFor } from '../helpers/test-env.js';

describe('peer session (real RTCPeerConnections in one page)', () => {
  const sessions = useLinkedSessions();

  const bothConnected = (p: LinkedPair) =>
    waitFor(() => p.a.state === 'connected' && p.b.state === 'connected', `both sides connected (a: ${p.a.state}, b: ${p.b.state})`, 15_000);

  it('resolves glare (both sides offer at once) 20 times out of 20', async () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      // Both add tracks at once, so both offer; a 30 ms path keeps both offers in flight together.
      const pair = sessions.link({ offerOnStart: [true, true], delayMs: () => 30 });
      await bothConnected(pair);
      expect(pair.sentByA.some(isOffer), `attempt ${attempt}: a offered`).to.equal(true);
      expect(pair.sentByB.some(isOffer), `attempt ${attempt}: b offered`).to.equal(true);
      expect(pair.b.remoteStream?.getTracks().length, `attempt ${attempt}: b receives`).to.equal(2);
      await waitFor(() => pair.a.remoteStream?.getTracks().length === 2, `attempt ${attempt}: a receives both tracks`);
      pair.close();
    }
  });

  it('buffers ICE candidates that arrive before the offer, and connects', async () => {
    // Descriptions take 400 ms, candidates arrive at once: every candidate beats its description.
    const pair = sessions.link({ offerOnStart: [true, false], delayMs: (signal) => ('description' in signal ? 400 : 0) });
    await bothConnected(pair);
    expect(pair.b.bufferedCandidateCount, 'candidates the callee held back').to.be.greaterThan(0);
    expect(pair.a.bufferedCandidateCount, 'candidates the caller held back').to.be.greaterThan(0);
    await expectMediaFlowing(pair.a.pc);
  });

  it('closes idempotently and stops reporting', async () => {
    const pair = sessions.link({ offerOnStart: [true, false], delayMs: () => 0 });
    await bothConnected(pair);
    const states: string[] = [];
    pair.a.on('state', (s) => states.push(s));
    pair.a.close();
    pair.a.close();
    expect(pair.a.pc.connectionState).to.equal('closed');
    expect(pair.a.state).to.equal('closed');
    expect(states).to.deep.equal(['closed']);
  });
});
