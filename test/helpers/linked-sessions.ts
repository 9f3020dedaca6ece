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
  // The callee (b) is polite, as in a real call.
  const a: PeerSession = new PeerSession({
    remoteId: 'b',
    polite: false,
    rtcConfiguration: {},
    localStream: options.stream,
    offerOnStart: options.offerOnStart[0],
    sendSignal: deliver(() => b, sentByA),
  });
  const b: PeerSession = new PeerSession({
    remoteId: 'a',
    polite: true,
    rtcConfiguration: {},
    localStream: options.stream,
    offerOnStart: options.offerOnStart[1],
    sendSignal: deliver(() => a, sentByB),
  });
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
