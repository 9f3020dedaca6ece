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

/**
 * Mocha hooks for a suite of linked sessions: one camera stream for the whole suite (stopped
 * after it), and every pair a test links closed after that test.
 */
export function useLinkedSessions() {
  let camera: MediaStream | null = null;
  const open: LinkedPair[] = [];
  before(async () => {
    camera = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
  });
  after(() => camera?.getTracks().forEach((track) => track.stop()));
  afterEach(() => open.splice(0).forEach((pair) => pair.close()));
  return {
    /** The suite's camera and microphone. */
    get stream(): MediaStream {
      if (!camera) throw new Error('useLinkedSessions: the stream exists only inside tests');
      return camera;
    },
    /** Links two sessions, sending the suite's stream unless `stream` says otherwise. */
    link(options: Omit<Parameters<typeof linkSessions>[0], 'stream'> & { stream?: Parameters<typeof linkSessions>[0]['stream'] }): LinkedPair {
      const pair = linkSessions({ ...options, stream: options.stream ?? this.stream });
      open.push(pair);
      return pair;
    },
  };
}
