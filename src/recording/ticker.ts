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
    if (this.fellBack) return this.useTimer();
    try {
      const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      const worker = new Worker(url);
      URL.revokeObjectURL(url);
      worker.onmessage = () => this.onTick();
      // A policy without blob: in worker-src (or script-src) does not make the constructor
      // throw in Chromium or Firefox: the worker fails to load later, as an error event.
      worker.onerror = (event) => {
        event.preventDefault();
        if (this.worker === worker) this.useTimer();
      };
      worker.postMessage(this.intervalMs);
      this.worker = worker;
    } catch {
      // Other browsers refuse at construction (a SecurityError): never into the page either.
      this.useTimer();
    }
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Page timers: throttled in a hidden tab, but they tick. Kept for later starts, so a blocked worker is tried (and reported) once. */
  private useTimer(): void {
    this.worker?.terminate();
    this.worker = null;
    this.fellBack = true;
    this.timer = setInterval(this.onTick, this.intervalMs);
  }
}
