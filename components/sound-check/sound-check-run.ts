import type { SoundMeter } from '../../src/index.js';

/** The devices and meter of one test; whatever it opened is released when it closes. */
export class SoundCheckRun {
  readonly controller = new AbortController();
  meter: SoundMeter | null = null;
  private readonly tracks: MediaStreamTrack[] = [];
  private closed = false;

  /** Keeps a track to release later; one that arrives after the run closed is stopped at once. */
  own(track: MediaStreamTrack): MediaStreamTrack {
    if (this.closed) track.stop();
    else this.tracks.push(track);
    return track;
  }

  close(): void {
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
