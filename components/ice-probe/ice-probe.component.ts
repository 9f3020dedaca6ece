import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CallError, DEFAULT_ICE_PROBE_TIMEOUT_MS, fetchIceConfig, probeIceServers, type IceConfig, type IceProbeResult } from '../../src/index.js';
import { LifelineErrorEvent } from '../events/error-event.js';
import { LifelineIceProbeEvent } from '../events/ice-probe-event.js';
import { LifelineElement } from '../shared/lifeline-element.js';
import { errorText } from '../strings/resolve-strings.js';
import { controlStyles } from '../styles/controls.js';
import { tokens } from '../styles/tokens.js';
import { candidatesLabel, detailLabel, kindLabel, report, summary, verdictLabel, type IceProbeState } from './ice-probe-report.js';
import { iceProbeStyles } from './ice-probe.styles.js';

/**
 * @tagname ice-probe
 * @summary Checks that each configured STUN and TURN server can be reached from this browser,
 * and shows a table a person can copy into a support ticket.
 *
 * @attr ice-config-url - Where to fetch the ICE config (JSON), fresh for every run; e.g. the reference server's `/lifeline/ice-config`.
 * @attr timeout - How long each server may take, in milliseconds; default 10000.
 * @attr auto-run - Run as soon as the element is on the page and has a config.
 * @attr theme - `light` or `dark`; when absent, the person's `prefers-color-scheme`.
 * @attr state - Reflected: idle | probing | passed | failed | error.
 * @prop {IceConfig | null} iceConfig - The ICE config to probe; takes precedence over `ice-config-url`.
 * @prop {StringsOverride | null} strings - Texts instead of the built-in English: any part of `LifelineStrings`.
 *
 * @fires lifeline-ice-probe - A run ended; `detail: { results }`.
 * @fires lifeline-error - The config could not be fetched or is malformed; `detail: { error }`.
 *
 * @csspart base - The element's frame.
 * @csspart status - What the probe is doing or found (an aria-live region).
 * @csspart table - The results, one row per server URL.
 * @csspart row - One server's row, with `data-status` ok or failed.
 * @csspart run-button - Runs the probe (again).
 * @csspart copy-text-button - Copies the report as plain text.
 * @csspart copy-json-button - Copies the report as JSON.
 * @csspart copy-status - Whether the copy worked (an aria-live region).
 *
 * @cssprop --lifeline-ice-probe-background - Background of the element.
 * @cssprop --lifeline-ice-probe-failed-color - The mark beside a server that is not reachable.
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
export class IceProbe extends LifelineElement {
  static override styles = [tokens, controlStyles, iceProbeStyles];

  @property({ attribute: false }) iceConfig: IceConfig | null = null;
  @property({ attribute: 'ice-config-url' }) iceConfigUrl = '';
  @property({ type: Number }) timeout = DEFAULT_ICE_PROBE_TIMEOUT_MS;
  @property({ type: Boolean, attribute: 'auto-run' }) autoRun = false;
  /** Reflects what the element is doing; setting it has no effect. */
  @property({ reflect: true }) state: IceProbeState = 'idle';

  /** What the element is doing; `state` mirrors it on every update. */
  @state() private probeState: IceProbeState = 'idle';
  @state() private results: IceProbeResult[] = [];
  @state() private error: CallError | null = null;
  @state() private copied = '';

  private finishedAt: Date | null = null;
  private controller: AbortController | null = null;
  private autoRan = false;

  /**
   * Probes every server of the config and resolves with one result per URL (also fired as
   * `lifeline-ice-probe`). Rejects with a CallError when there is no usable config (also fired
   * as `lifeline-error`), and with an AbortError when a new run or removal from the page ends it.
   */
  async run(): Promise<IceProbeResult[]> {
    this.controller?.abort(new DOMException('The ICE probe was restarted.', 'AbortError'));
    const controller = (this.controller = new AbortController());
    const { signal } = controller;
    this.probeState = 'probing';
    this.results = [];
    this.error = null;
    this.copied = '';
    try {
      const config = this.iceConfig ?? (this.iceConfigUrl ? await fetchIceConfig(this.iceConfigUrl, signal) : null);
      if (!config) throw new CallError('invalid_ice_config', 'There is no ICE config to test: set iceConfig or ice-config-url.');
      const timeoutMs = Number.isFinite(this.timeout) && this.timeout > 0 ? this.timeout : DEFAULT_ICE_PROBE_TIMEOUT_MS;
      const results = await probeIceServers(config, { timeoutMs, signal });
      this.finish(results.every((result) => result.status === 'ok') && results.length > 0 ? 'passed' : 'failed', results);
      this.dispatchEvent(new LifelineIceProbeEvent(results));
      return results;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      this.error = error instanceof CallError ? error : new CallError('invalid_ice_config', String(error), { cause: error });
      this.finish('error', []);
      this.dispatchEvent(new LifelineErrorEvent(this.error));
      throw this.error;
    }
  }

  /** The last run's report, for a support ticket (in English): plain text, or JSON with every result. */
  report(format: 'text' | 'json' = 'text'): string {
    return report(this.results, this.finishedAt, format);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page (moved in the DOM, say): auto-run runs again.
    if (this.autoRun && !this.autoRan) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.controller) {
      this.controller.abort(new DOMException('The ICE probe left the page.', 'AbortError'));
      this.controller = null;
      this.probeState = 'idle';
    }
    this.autoRan = false;
  }

  protected override willUpdate(): void {
    this.state = this.probeState;
  }

  protected override updated(): void {
    // A host often sets iceConfig after the element is on the page: auto-run waits for one.
    const configured = this.iceConfig !== null || this.iceConfigUrl !== '';
    if (this.autoRun && !this.autoRan && this.isConnected && configured) {
      this.autoRan = true;
      this.run().catch(() => {});
    }
  }

  private finish(probeState: IceProbeState, results: IceProbeResult[]): void {
    this.controller = null;
    this.finishedAt = new Date();
    this.results = results;
    this.probeState = probeState;
  }

  private async copy(format: 'text' | 'json'): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.report(format));
      this.copied = format === 'json' ? this.text.iceProbe.copiedJson : this.text.iceProbe.copiedText;
    } catch {
      // No clipboard outside a secure context, or the browser refused: the table is there to select.
      this.copied = this.text.iceProbe.copyFailed;
    }
  }

  protected override render() {
    const { probeState, results } = this;
    const strings = this.text.iceProbe;
    const { columns } = strings;
    return html`
      <div class="probe" part="base">
        <p class="status" part="status" role="status" aria-live="polite">${this.statusText()}</p>
        ${
          results.length > 0
            ? html`<table part="table">
              <caption>${strings.caption}</caption>
              <thead>
                <tr>
                  ${[columns.server, columns.kind, columns.result, columns.time, columns.candidates, columns.details].map((name) => html`<th scope="col">${name}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${results.map(
                  (result) => html`<tr part="row" data-status=${result.status}>
                    <th scope="row">${result.url}</th>
                    <td>${kindLabel(result)}</td>
                    <td class="verdict">${verdictLabel(strings, result)}</td>
                    <td>${result.durationMs} ms</td>
                    <td>${candidatesLabel(strings, result)}</td>
                    <td>${detailLabel(strings, result)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
            : nothing
        }
        <div class="actions">
          <button part="run-button" @click=${this.onRun}>${strings.run[probeState as 'idle' | 'probing'] ?? strings.run.again}</button>
          ${
            results.length > 0
              ? html`<button part="copy-text-button" @click=${() => this.copy('text')}>${strings.copyText}</button>
                <button part="copy-json-button" @click=${() => this.copy('json')}>${strings.copyJson}</button>`
              : nothing
          }
          <p class="copied" part="copy-status" role="status" aria-live="polite">${this.copied}</p>
        </div>
      </div>
    `;
  }

  private statusText(): string {
    const strings = this.text.iceProbe;
    if (this.error) return errorText(this.text, this.error);
    return strings.status[this.probeState] ?? summary(strings, this.results, this.textLang);
  }

  private onRun = () => {
    this.run().catch(() => {});
  };
}
