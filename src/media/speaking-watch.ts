import { Emitter, type Unsubscribe } from '../emitter.js';

export interface SpeakingWatchOptions {
  /** How often the receivers are read. */
  intervalMs?: number;
  /** The audio level (0..1, linear, as RTP's audio-level header carries it) that counts as speech. */
  threshold?: number;
  /** How long someone stays "speaking" after the last loud packet, so the indicator does not flicker. */
  holdMs?: number;
}

export const DEFAULT_SPEAKING_WATCH_OPTIONS: Readonly<Required<SpeakingWatchOptions>> = Object.freeze({
  intervalMs: 250,
  threshold: 0.02,
  holdMs: 800,
});

export interface SpeakingWatchEvents {
  /** Who is speaking now, by participant id; emitted when that set changes. */
  speaking: (speaking: ReadonlySet<string>) => void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in ListenerMap (emitter.ts)
  [event: string]: (...args: any[]) => void;
}

/** What the watch reads: a CallEngine, or anything with its peer connections. */
export interface SpeakingSource {
  readonly peerConnections: ReadonlyMap<string, RTCPeerConnection>;
}

/**
 * Who among the remote participants is speaking, from the audio level the sender puts in each
 * RTP packet (RFC 6464), read from the audio receivers' synchronization sources. That costs no
 * `getStats()` and no Web Audio, so it runs in every browser that negotiates the header
 * extension (all current ones do by default). Reads only while someone listens.
 */
export class SpeakingWatch {
  private readonly emitter = new Emitter<SpeakingWatchEvents>();
  private readonly intervalMs: number;
  private readonly threshold: number;
  private readonly holdMs: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** When each participant was last heard above the threshold. */
  private readonly lastLoud = new Map<string, number>();
  private current: ReadonlySet<string> = new Set();

  constructor(
    private readonly source: SpeakingSource,
    options: SpeakingWatchOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_SPEAKING_WATCH_OPTIONS.intervalMs;
    this.threshold = options.threshold ?? DEFAULT_SPEAKING_WATCH_OPTIONS.threshold;
    this.holdMs = options.holdMs ?? DEFAULT_SPEAKING_WATCH_OPTIONS.holdMs;
  }

  get speaking(): ReadonlySet<string> {
    return this.current;
  }

  on<E extends keyof SpeakingWatchEvents>(event: E, listener: SpeakingWatchEvents[E]): Unsubscribe {
    const unsubscribe = this.emitter.on(event, listener);
    this.timer ??= setInterval(() => this.read(), this.intervalMs);
    return () => {
      unsubscribe();
      if (this.emitter.listenerCount() === 0) this.stop();
    };
  }

  /** Stops reading; listeners stay, and the next `on()` starts again. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.lastLoud.clear();
    this.current = new Set();
  }

  private read(): void {
    const now = performance.now();
    const speaking = new Set<string>();
    for (const [participantId, pc] of this.source.peerConnections) {
      if (this.loudest(pc) >= this.threshold) this.lastLoud.set(participantId, now);
      const heard = this.lastLoud.get(participantId);
      if (heard !== undefined && now - heard <= this.holdMs) speaking.add(participantId);
    }
    for (const id of this.lastLoud.keys()) if (!this.source.peerConnections.has(id)) this.lastLoud.delete(id);
    if (speaking.size === this.current.size && [...speaking].every((id) => this.current.has(id))) return;
    this.current = speaking;
    this.emitter.emit('speaking', speaking);
  }

  /** The loudest recent packet on any audio receiver of this connection; 0 when none carried a level. */
  private loudest(pc: RTCPeerConnection): number {
    let level = 0;
    if (pc.connectionState === 'closed') return level;
    for (const receiver of pc.getReceivers()) {
      if (receiver.track.kind !== 'audio') continue;
      // Sources heard in the last 10 s, each with its latest packet's level; a source gone
      // quiet (a frozen link) keeps its last level, so only a recent packet counts.
      const wallClock = performance.timeOrigin + performance.now();
      for (const source of receiver.getSynchronizationSources()) {
        if (wallClock - source.timestamp <= FRESH_MS) level = Math.max(level, source.audioLevel ?? 0);
      }
    }
    return level;
  }
}

/** How old a packet may be and still say someone speaks. */
const FRESH_MS = 1000;
