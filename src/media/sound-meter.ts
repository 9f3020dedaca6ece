import { Emitter, type Unsubscribe } from '../emitter.js';

/** The level reported for digital silence, and the floor of every reading. */
export const SILENCE_DB = -100;

/**
 * The level of a block of samples in dBFS: the loudest sample, 20·log10 of its magnitude
 * (0 dB is full scale), never below SILENCE_DB. Peak rather than RMS because a pre-call check
 * asks "can we hear you at all", and a short word should count.
 */
export function levelDb(samples: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const magnitude = Math.abs(samples[i]!);
    if (magnitude > peak) peak = magnitude;
  }
  if (!(peak > 0)) return SILENCE_DB;
  return Math.max(SILENCE_DB, 20 * Math.log10(peak));
}

export type SoundMeterEvents = {
  /** A reading: the current level and the loudest level so far, both in dBFS. */
  level: (levelDb: number, peakDb: number) => void;
};

export interface SoundMeterOptions {
  /** How often to read the analyser. */
  intervalMs?: number;
}

export const DEFAULT_SOUND_METER_OPTIONS: Readonly<Required<SoundMeterOptions>> = Object.freeze({ intervalMs: 50 });

/**
 * Meters the audio of a stream: an AudioContext, a source for the stream and an AnalyserNode,
 * read on a timer. The analyser is not connected to the speakers, so nothing is played back.
 * It never stops the stream's tracks: they belong to whoever opened them.
 */
export class SoundMeter {
  /** The latest level in dBFS. */
  level = SILENCE_DB;
  /** The loudest level since the meter started, in dBFS. */
  peakDb = SILENCE_DB;
  /** Readings taken while the AudioContext ran; 0 means nothing was really measured. */
  samples = 0;

  private readonly emitter = new Emitter<SoundMeterEvents>();
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly buffer: Float32Array<ArrayBuffer>;
  private timer: ReturnType<typeof setInterval> | null;
  private disposed = false;

  constructor(stream: MediaStream, options: SoundMeterOptions = {}) {
    this.context = new AudioContext();
    this.source = this.context.createMediaStreamSource(stream);
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 2048;
    this.source.connect(this.analyser);
    this.buffer = new Float32Array(this.analyser.fftSize);
    // Autoplay policies create the context suspended until the page has been clicked; until
    // it runs, readings are not counted.
    this.context.resume().catch(() => {});
    // A timer, not requestAnimationFrame: rAF stops in background and headless tabs.
    this.timer = setInterval(() => this.read(), options.intervalMs ?? DEFAULT_SOUND_METER_OPTIONS.intervalMs);
  }

  /** Whether the AudioContext is running (false: suspended by an autoplay policy, or closed). */
  get running(): boolean {
    return this.context.state === 'running';
  }

  on<E extends keyof SoundMeterEvents>(event: E, listener: SoundMeterEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  /** Stops reading and closes the AudioContext. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.emitter.clear();
    this.source.disconnect();
    this.context.close().catch(() => {});
  }

  private read(): void {
    if (!this.running) return;
    this.analyser.getFloatTimeDomainData(this.buffer);
    this.level = levelDb(this.buffer);
    this.peakDb = Math.max(this.peakDb, this.level);
    this.samples++;
    this.emitter.emit('level', this.level, this.peakDb);
  }
}
