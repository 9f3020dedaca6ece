// A steady interval for recorders and the compositor. Browsers throttle a hidden tab's timers
// (to once a second, or once a minute after a while) and stop its requestAnimationFrame; a
// dedicated worker's timers run on, and its messages reach the page as ordinary tasks.
const WORKER_SOURCE = 'let t;onmessage=(e)=>{clearInterval(t);if(e.data>0)t=setInterval(()=>postMessage(0),e.data)}';

export class Ticker {
  private worker: Worker | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** True when the worker could not be made (a CSP without `worker-src blob:`): page timers then. */
  fellBack = false;

  constructor(
    private readonly intervalMs: number,
    private readonly onTick: () => void,
  ) {}

  start(): void {
    if (this.worker || this.timer) return;
    try {
      const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      this.worker = new Worker(url);
      URL.revokeObjectURL(url);
      this.worker.onmessage = () => this.onTick();
      this.worker.postMessage(this.intervalMs);
    } catch {
      this.worker = null;
      this.fellBack = true;
      this.timer = setInterval(this.onTick, this.intervalMs);
    }
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
