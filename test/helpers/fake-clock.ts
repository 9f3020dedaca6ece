/**
 * Time for classes that take `now`, `setTimer` and `clearTimer` (IceConfigSource,
 * ChunkUploader): it moves only when a test advances it.
 */
export class FakeClock {
  now = 1_000_000;
  timers: { at: number; run: () => void }[] = [];
  /** Real time `advance()` leaves for what the timers start: a fetch answered by a Response settles over several tasks in Firefox. */
  settleMs = 20;

  readonly timing = {
    now: () => this.now,
    setTimer: (run: () => void, ms: number): unknown => {
      const timer = { at: this.now + ms, run };
      this.timers.push(timer);
      return timer;
    },
    clearTimer: (timer: unknown) => {
      this.timers = this.timers.filter((t) => t !== timer);
    },
  };

  /** Moves the clock on, running the timers that fall due (and waiting for what they start). */
  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (const timer of this.timers.filter((t) => t.at <= this.now)) {
      this.timers = this.timers.filter((t) => t !== timer);
      timer.run();
    }
    await new Promise((resolve) => setTimeout(resolve, this.settleMs));
  }
}
