import { initialState, Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { browserMediaDevices, CallError, openTrack, SILENCE_DB, SoundMeter, toMediaError, trackDeviceId, type MediaDevicesLike } from '../../src/index.js';
import { LifelineSoundCheckEvent } from '../events/sound-check-event.js';
import { LifelineElement } from '../shared/lifeline-element.js';
import { mediaStream } from '../shared/media-stream.js';
import { errorText } from '../strings/resolve-strings.js';
import { fill } from '../strings/strings.js';
import { tokens } from '../styles/tokens.js';
import { MicrophonesController } from './microphones-controller.js';
import { listen, SoundCheckRun } from './sound-check-run.js';
import { formatDb, outcomeOf, resultMessage, type SoundCheckResult, type SoundCheckState } from './sound-check-result.js';
import { soundCheckStyles } from './sound-check.styles.js';
import { renderLevelMeter } from '../shared/level-meter.js';

const DEFAULT_THRESHOLD_DB = -35;
const DEFAULT_DURATION_MS = 3000;

/** One start(): the run's signal and verdict, filled in by the task, read by start() when it ends. */
type RunTicket = { signal?: AbortSignal; result?: SoundCheckResult };

/**
 * @tagname sound-check
 * @summary A pre-call microphone test: a live level meter, a device picker and a verdict.
 *
 * @attr threshold - The peak level (dBFS) that passes; default -35.
 * @attr duration - How long a test listens, in milliseconds; default 3000.
 * @attr device - The chosen microphone's deviceId; empty for the browser's default. Set by the picker.
 * @attr camera - Also show a camera preview while testing.
 * @attr auto-start - Start a test as soon as the element is on the page.
 * @attr theme - `light` or `dark`; when absent, the person's `prefers-color-scheme`.
 * @attr state - Reflected: idle | testing | pass | too-quiet | no-microphone | denied | failed.
 * @prop {MediaDevicesLike | null} mediaDevices - The device layer to use; null for the browser's.
 * @prop {StringsOverride | null} strings - Texts instead of the built-in English: any part of `LifelineStrings`.
 *
 * @fires lifeline-sound-check - A test ended; `detail: { result, peakDb, deviceId, error }`.
 *
 * @csspart base - The element's frame.
 * @csspart device-select - The microphone picker.
 * @csspart preview - The camera preview (with `camera`, while testing).
 * @csspart preview-message - Why there is no camera preview.
 * @csspart meter - The level meter (role meter).
 * @csspart level-text - The meter's reading as text.
 * @csspart result - The verdict (an aria-live region).
 * @csspart start-button - Starts a test.
 * @csspart stop-button - Stops a running test.
 *
 * @cssprop --lifeline-sound-check-background - Background of the element.
 * @cssprop --lifeline-sound-check-meter-color - The meter's bar.
 * @cssprop --lifeline-color-background - Every element's background (global token).
 * @cssprop --lifeline-color-surface - Tiles, rows, buttons (global token).
 * @cssprop --lifeline-color-text - Text (global token).
 * @cssprop --lifeline-color-text-muted - Secondary text (global token).
 * @cssprop --lifeline-color-accent - Pressed toggles, avatars, the meter (global token).
 * @cssprop --lifeline-color-on-accent - Text on the accent colour (global token).
 * @cssprop --lifeline-color-danger - Hang up, failures (global token).
 * @cssprop --lifeline-color-on-danger - Text on the danger colour (global token).
 * @cssprop --lifeline-color-warning - The recovery banner and device notice (global token).
 * @cssprop --lifeline-color-speaking - The speaking outline (global token).
 * @cssprop --lifeline-radius - Corner radius (global token).
 * @cssprop --lifeline-spacing - The gap between pieces (global token).
 * @cssprop --lifeline-font-family - Font (global token).
 * @cssprop --lifeline-focus-ring - The keyboard focus ring, a box-shadow (global token).
 */
export class SoundCheck extends LifelineElement {
  static override styles = [tokens, soundCheckStyles];

  @property({ type: Number }) threshold = DEFAULT_THRESHOLD_DB;
  @property({ type: Number }) duration = DEFAULT_DURATION_MS;
  @property({ reflect: true }) device = '';
  @property({ type: Boolean }) camera = false;
  @property({ type: Boolean, attribute: 'auto-start' }) autoStart = false;
  /** Reflects what the element is doing; setting it has no effect. */
  @property({ reflect: true }) state: SoundCheckState = 'idle';
  @property({ attribute: false }) mediaDevices: MediaDevicesLike | null = null;

  @state() private level = SILENCE_DB;
  @state() private peakDb: number | null = null;
  /** The microphone the browser opened last, shown in the picker when none was chosen. */
  @state() private opened = '';
  @state() private preview: MediaStream | null = null;
  @state() private previewMessage = '';
  /** stop() was called: idle at once, while the aborted run lets go of what it opened. */
  @state() private stopped = false;

  private readonly mics = new MicrophonesController(this, () => this.devices());
  /** The test itself: Lit's Task aborts a run when another starts, and renders again as it ends. */
  private readonly check = new Task<[RunTicket], SoundCheckResult>(this, {
    autoRun: false,
    task: ([ticket], { signal }) => this.runTest(ticket, signal),
    onComplete: (result) => this.dispatchEvent(new LifelineSoundCheckEvent(result)),
  });
  /** The signal of the latest run. */
  private current: AbortSignal | null = null;
  private autoStarted = false;

  /**
   * Tests the chosen microphone for `duration` ms and resolves with the verdict (also fired as
   * `lifeline-sound-check`). Rejects only with an AbortError, when stop(), a new start() or
   * removal from the page ends the test first.
   */
  async start(): Promise<SoundCheckResult> {
    this.stopped = false;
    this.level = SILENCE_DB;
    this.peakDb = null;
    this.previewMessage = '';
    const ticket: RunTicket = {};
    await this.check.run([ticket]);
    if (ticket.signal?.aborted) throw ticket.signal.reason;
    return ticket.result!;
  }

  /** Ends a running test without a verdict and releases the microphone (and camera). */
  stop(): void {
    if (this.check.status !== TaskStatus.PENDING) return;
    this.stopped = true;
    this.level = SILENCE_DB;
    this.check.abort(new DOMException('The sound check was stopped.', 'AbortError'));
  }

  /** What the element is doing, from the task's status; `state` mirrors it on every update. */
  private get checkState(): SoundCheckState {
    switch (this.check.status) {
      case TaskStatus.PENDING:
        return this.stopped ? 'idle' : 'testing';
      case TaskStatus.COMPLETE:
        return this.check.value!.result;
      default:
        return 'idle';
    }
  }

  private get outcome(): SoundCheckResult | null {
    return this.check.status === TaskStatus.COMPLETE ? this.check.value! : null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
    this.autoStarted = false;
  }

  protected override willUpdate(): void {
    this.state = this.checkState;
  }

  protected override updated(): void {
    if (this.autoStart && !this.autoStarted && this.isConnected && this.checkState === 'idle') {
      this.autoStarted = true;
      this.start().catch(() => {});
    }
  }

  /** One run of the task: the verdict, a device failure as a verdict too; aborted, back to idle. */
  private async runTest(ticket: RunTicket, signal: AbortSignal): Promise<SoundCheckResult | typeof initialState> {
    ticket.signal = signal;
    this.current = signal;
    const run = new SoundCheckRun(signal);
    try {
      ticket.result = await this.test(run);
    } catch (error) {
      if (signal.aborted) return initialState;
      const callError = toMediaError(error, { audio: true, video: false });
      ticket.result = { result: outcomeOf(callError), peakDb: null, deviceId: this.device || null, error: callError };
    } finally {
      run.close();
      // A run that another start() replaced must not clear what the new one shows.
      if (this.current === signal) {
        this.preview = null;
        this.level = SILENCE_DB;
      }
    }
    return ticket.result;
  }

  private async test(run: SoundCheckRun): Promise<SoundCheckResult> {
    const { signal } = run;
    const devices = this.mediaDevices ?? browserMediaDevices();
    // The microphone is opened before listing: one permission prompt, and only for it. No
    // listing beforehand either: a frame not allowed the microphone lists none in Firefox,
    // and only getUserMedia tells that apart from a machine without one.
    let track: MediaStreamTrack;
    try {
      track = run.own(await openTrack(devices, 'audio', this.device || undefined));
      this.opened = trackDeviceId(track) ?? '';
    } finally {
      // With the microphone granted the labels are there; after a failure the picker offers the others.
      void this.mics.list(devices);
    }
    signal.throwIfAborted();
    if (this.camera) this.openPreview(devices, run);
    const meter = (run.meter = new SoundMeter(new MediaStream([track])));
    meter.on('level', (level, peak) => {
      this.level = level;
      this.peakDb = peak;
    });
    await listen(Number.isFinite(this.duration) && this.duration >= 0 ? this.duration : DEFAULT_DURATION_MS, signal);
    if (meter.samples === 0) {
      // The AudioContext never ran (an autoplay policy, or no audio output at all): nothing was
      // measured, and "too quiet" would send the person looking for a fault that is not there.
      throw new CallError('media_failed', 'The browser did not let this page listen to the microphone. Test again; if this repeats, try another browser.');
    }
    const deviceId = trackDeviceId(track) ?? (this.device || null);
    return { result: meter.peakDb >= this.thresholdDb ? 'pass' : 'too-quiet', peakDb: meter.peakDb, deviceId, error: null };
  }

  /** The camera is only a preview: when it fails the microphone test goes on, and says why. */
  private openPreview(devices: MediaDevicesLike, run: SoundCheckRun): void {
    openTrack(devices, 'video').then(
      (track) => {
        run.own(track);
        if (!run.signal.aborted) this.preview = new MediaStream([track]);
      },
      (error) => {
        if (!run.signal.aborted) this.previewMessage = errorText(this.text, toMediaError(error, { audio: false, video: true }));
      },
    );
  }

  private devices(): MediaDevicesLike | null {
    try {
      return this.mediaDevices ?? browserMediaDevices();
    } catch {
      return null; // Not a secure context: start() reports it as denied.
    }
  }

  private onPick(event: Event): void {
    this.device = (event.target as HTMLSelectElement).value;
    if (this.checkState === 'testing') this.start().catch(() => {});
  }

  protected override render() {
    const testing = this.checkState === 'testing';
    const chosen = this.device || this.opened;
    const strings = this.text.soundCheck;
    const levelText = this.level <= SILENCE_DB ? strings.noSound : formatDb(this.level);
    return html`
      <div class="check" part="base">
        <label class="picker">
          <span>${strings.microphone}</span>
          <select part="device-select" @change=${this.onPick}>
            <option value="" .selected=${!chosen}>${strings.defaultMicrophone}</option>
            ${this.mics.microphones.map((mic) => html`<option value=${mic.id} .selected=${mic.id === chosen}>${mic.label}</option>`)}
          </select>
        </label>
        ${
          this.camera && this.preview
            ? html`<video part="preview" .muted=${true} ${mediaStream(this.preview)} autoplay playsinline aria-label=${this.text.yourCamera}></video>`
            : nothing
        }
        ${this.camera && this.previewMessage ? html`<p class="note" part="preview-message">${this.previewMessage}</p>` : nothing}
        ${renderLevelMeter('meter', strings.meter, this.level, levelText, this.thresholdDb)}
        <p class="note" part="level-text">${this.readingText(levelText)}</p>
        <p class="result" part="result" role="status" aria-live="polite">${this.resultText()}</p>
        <div class="actions">
          <button part="start-button" @click=${this.onStart}>${strings.start[this.checkState as 'idle' | 'testing'] ?? strings.start.again}</button>
          ${testing ? html`<button part="stop-button" @click=${this.stop}>${strings.stop}</button>` : nothing}
        </div>
      </div>
    `;
  }

  private get thresholdDb(): number {
    return Number.isFinite(this.threshold) ? this.threshold : DEFAULT_THRESHOLD_DB;
  }

  private readingText(level: string): string {
    const strings = this.text.soundCheck;
    const needed = formatDb(this.thresholdDb);
    if (this.checkState === 'testing') return fill(strings.reading, { level, peak: this.peakDb === null ? strings.noPeakYet : formatDb(this.peakDb), needed });
    if (this.outcome?.peakDb != null) return fill(strings.peak, { peak: formatDb(this.outcome.peakDb), needed });
    return fill(strings.notListening, { needed });
  }

  private resultText(): string {
    if (this.checkState === 'testing') return this.text.soundCheck.listening;
    return this.outcome ? resultMessage(this.text, this.outcome) : '';
  }

  private onStart = () => {
    this.start().catch(() => {});
  };
}
