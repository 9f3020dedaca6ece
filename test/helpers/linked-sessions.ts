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
  /** What both sides send, or each side's own stream ([a, b]; an empty stream sends nothing). */
  stream: MediaStream | readonly [MediaStream, MediaStream];
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
  const [streamA, streamB] = options.stream instanceof MediaStream ? [options.stream, options.stream] : options.stream;
  const side = (remoteId: string, polite: boolean, localStream: MediaStream, offerOnStart: boolean, to: () => PeerSession, log: PeerSignal[]) =>
    new PeerSession({ remoteId, polite, rtcConfiguration: {}, localStream, offerOnStart, sendSignal: deliver(to, log) });
  // The callee (b) is polite, as in a real call.
  const a: PeerSession = side('b', false, streamA, options.offerOnStart[0], () => b, sentByA);
  const b: PeerSession = side('a', true, streamB, options.offerOnStart[1], () => a, sentByB);
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
