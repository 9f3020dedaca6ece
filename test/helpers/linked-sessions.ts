import { PeerSession, type PeerSignal } from '../../src/peer/peer-session.js';

export interface LinkedPair {
  a: PeerSession;
  b: PeerSession;
  /** Every signal each side sent, in order. */
  sentByA: PeerSignal[];
  sentByB: PeerSignal[];
  close(): void;
}

/**
 * Two real peer sessions in one page, wired to each other through timers that stand in for
 * the signaling path; `delayMs` decides how long each signal travels.
 */
export function linkSessions(options: {
  stream: MediaStream;
  offerOnStart: [boolean, boolean];
  delayMs: (signal: PeerSignal) => number;
}): LinkedPair {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const sentByA: PeerSignal[] = [];
  const sentByB: PeerSignal[] = [];
  const deliver = (to: () => PeerSession, log: PeerSignal[]) => (signal: PeerSignal) => {
    log.push(signal);
    const timer = setTimeout(() => {
      timers.delete(timer);
      void to().handleSignal(signal);
    }, options.delayMs(signal));
    timers.add(timer);
  };
  const side = (remoteId: string, polite: boolean, offerOnStart: boolean, to: () => PeerSession, log: PeerSignal[]) =>
    new PeerSession({ remoteId, polite, rtcConfiguration: {}, localStream: options.stream, offerOnStart, sendSignal: deliver(to, log) });
  // The callee (b) is polite, as in a real call.
  const a: PeerSession = side('b', false, options.offerOnStart[0], () => b, sentByA);
  const b: PeerSession = side('a', true, options.offerOnStart[1], () => a, sentByB);
  return {
    a,
    b,
    sentByA,
    sentByB,
    close() {
      timers.forEach(clearTimeout);
      a.close();
      b.close();
    },
  };
}

export function isOffer(signal: PeerSignal): boolean {
  return 'description' in signal && signal.description.type === 'offer';
}
