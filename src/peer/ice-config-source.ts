import { Emitter, type Unsubscribe } from '../emitter.js';
import { CallError, isCallError } from '../errors.js';
import { fetchIceConfig } from './fetch-ice-config.js';
import { buildRtcConfiguration, type IceConfig } from './rtc-config.js';

/** Where the ICE config in use came from, and until when its TURN credentials hold. */
export interface IceConfigInfo {
  source: 'url' | 'inline';
  /** Epoch ms after which the TURN credentials are refused; null when they do not expire. */
  expiresAt: number | null;
}

export interface IceConfigSourceOptions {
  /** The host's own config; the fallback when `url` fails. */
  inline?: IceConfig;
  /** An endpoint that answers with an `IceConfig` for this tenant (and short-lived credentials). */
  url?: string;
  /** Sent as `?user=`, the user part of the TURN username (shows up in coturn's logs). */
  user?: string;
  /** How long a fetch may take before the inline config (or the current one) is used. */
  fetchTimeoutMs?: number;
  fetch?: typeof fetch;
  /** The join token to present (`Authorization: Bearer`), where the server requires one. */
  token?: () => Promise<string | undefined>;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export const DEFAULT_ICE_CONFIG_SOURCE_OPTIONS = Object.freeze({ fetchTimeoutMs: 5_000 });

type IceConfigSourceEvents = {
  /** A new RTCConfiguration to apply to every connection (fresh credentials). */
  change: (rtc: RTCConfiguration, info: IceConfigInfo) => void;
  /** The URL failed; the inline config or the last good one is used meanwhile. */
  error: (error: CallError) => void;
};

interface Resolved {
  rtc: RTCConfiguration;
  info: IceConfigInfo;
  fetchedAt: number;
  lifetimeMs: number | null;
}

// Refresh at three quarters of the credentials' lifetime, so a failed refresh has a quarter left
// to retry in; before a restart, refetch once a tenth of it has passed (at most a minute), so a
// restart never runs on credentials about to lapse and a burst of restarts fetches once.
const REFRESH_AT = 0.75;
const STALE_BEFORE_RESTART = 0.1;
const MAX_FRESH_MS = 60_000;
const MIN_RETRY_MS = 1_000;

/**
 * Resolves the ICE config at run time: from `url` when given (with the inline config as the
 * fallback when it fails), else the inline one; and keeps short-lived TURN credentials fresh,
 * on a timer before they expire and on demand before every ICE restart. Each side of a call
 * uses its own config; none is ever taken from the other side.
 */
export class IceConfigSource {
  private readonly emitter = new Emitter<IceConfigSourceEvents>();
  private readonly options: IceConfigSourceOptions;
  private resolved: Resolved | null = null;
  private inFlight: Promise<void> | null = null;
  private timer: unknown = null;
  private disposed = false;

  constructor(options: IceConfigSourceOptions) {
    this.options = options;
    // A broken inline config is the host's mistake: said at once, not after a failed fetch.
    if (options.inline) buildRtcConfiguration(options.inline);
  }

  on<E extends keyof IceConfigSourceEvents>(event: E, listener: IceConfigSourceEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  get rtcConfiguration(): RTCConfiguration {
    return this.resolved?.rtc ?? buildRtcConfiguration(this.options.inline);
  }

  get info(): IceConfigInfo | null {
    return this.resolved?.info ?? null;
  }

  /**
   * The config to join with. Throws `ice_config_unavailable` only when the URL fails and there
   * is no inline config to fall back on.
   */
  async start(): Promise<RTCConfiguration> {
    if (!this.options.url) {
      this.use(this.options.inline ?? {}, 'inline');
      return this.rtcConfiguration;
    }
    try {
      this.use(await this.fetchConfig(), 'url');
    } catch (error) {
      const failure = this.unavailable(error);
      if (!this.options.inline) throw failure;
      this.emitter.emit('error', failure);
      this.use(this.options.inline, 'inline');
      this.schedule(this.retryDelay());
    }
    return this.rtcConfiguration;
  }

  /**
   * Makes sure the credentials are fresh before an ICE restart or a rebuilt connection: fetches
   * new ones unless the current ones are only just issued. Never throws; on failure the current
   * config stays (or the inline one, once the current credentials have expired).
   */
  freshen(): Promise<void> {
    const current = this.resolved;
    if (!this.options.url || !current || this.disposed) return Promise.resolve();
    const age = this.now() - current.fetchedAt;
    const freshFor = current.lifetimeMs === null ? MAX_FRESH_MS : Math.min(current.lifetimeMs * STALE_BEFORE_RESTART, MAX_FRESH_MS);
    if (current.info.source === 'url' && age < freshFor) return Promise.resolve();
    return this.refreshCredentials();
  }

  dispose(): void {
    this.disposed = true;
    this.clearSchedule();
    this.emitter.clear();
  }

  /** Fetches the config again for new TURN credentials; a failure keeps the current ones (the inline config once they expired) and retries. */
  private refreshCredentials(): Promise<void> {
    this.inFlight ??= this.fetchConfig()
      .then((config) => {
        if (!this.disposed) this.use(config, 'url', true);
      })
      .catch((error: unknown) => {
        if (this.disposed) return;
        this.emitter.emit('error', this.unavailable(error));
        const expired = this.resolved?.info.expiresAt != null && this.now() >= this.resolved.info.expiresAt;
        if (expired && this.options.inline) this.use(this.options.inline, 'inline', true);
        this.schedule(this.retryDelay());
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private use(config: IceConfig, source: IceConfigInfo['source'], announce = false): void {
    const fetchedAt = this.now();
    const lifetimeMs = source === 'url' && config.ttlSeconds ? config.ttlSeconds * 1000 : null;
    const info: IceConfigInfo = { source, expiresAt: lifetimeMs === null ? null : fetchedAt + lifetimeMs };
    this.resolved = { rtc: buildRtcConfiguration(config), info, fetchedAt, lifetimeMs };
    if (lifetimeMs !== null) this.schedule(lifetimeMs * REFRESH_AT);
    if (announce) this.emitter.emit('change', this.resolved.rtc, info);
  }

  /** Retries a failed fetch at a quarter of what is left of the credentials' life, at least 1 s. */
  private retryDelay(): number {
    const expiresAt = this.resolved?.info.expiresAt;
    const left = expiresAt == null ? 30_000 : expiresAt - this.now();
    return Math.max(MIN_RETRY_MS, Math.min(30_000, left / 4));
  }

  private schedule(delayMs: number): void {
    if (this.disposed) return;
    this.clearSchedule();
    const setTimer = this.options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.timer = setTimer(() => {
      this.timer = null;
      void this.refreshCredentials();
    }, delayMs);
  }

  private clearSchedule(): void {
    if (this.timer === null) return;
    (this.options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = null;
  }

  private async fetchConfig(): Promise<IceConfig> {
    const url = new URL(this.options.url!, globalThis.location?.href);
    if (this.options.user && !url.searchParams.has('user')) url.searchParams.set('user', this.options.user);
    const token = await this.options.token?.();
    const config = await fetchIceConfig(
      url.href,
      AbortSignal.timeout(this.options.fetchTimeoutMs ?? DEFAULT_ICE_CONFIG_SOURCE_OPTIONS.fetchTimeoutMs),
      this.options.fetch,
      token ? { authorization: `Bearer ${token}` } : undefined,
    );
    // Checked here so that a bad answer counts as a failed fetch and the fallback applies.
    buildRtcConfiguration(config);
    return config;
  }

  private unavailable(error: unknown): CallError {
    if (isCallError(error) && error.code === 'ice_config_unavailable') return error;
    const reason = isCallError(error) ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new CallError('ice_config_unavailable', `Could not load the ICE config from ${this.options.url}: ${reason}`, { cause: error });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
