import type { SoundMeter } from '../../src/index.js';

/**
 * The devices and meter of one test; whatever it opened is released when it closes, or at once
 * when its signal aborts (stop() must free the microphone even while the browser is still
 * opening it).
 */
export class SoundCheckRun {
  meter: SoundMeter | null = null;
  private readonly tracks: MediaStreamTrack[] = [];
  private closed = false;

  constructor(readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.close(), { once: true });
  }

  /** Keeps a track to release later; one that arrives after the run closed is stopped at once. */
  own(track: MediaStreamTrack): MediaStreamTrack {
    if (this.closed) track.stop();
    else this.tracks.push(track);
    return track;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const track of this.tracks.splice(0)) track.stop();
    this.meter?.dispose();
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it is aborted first. */
export function listen(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}
