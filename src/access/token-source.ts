import { CallError } from '../errors.js';

/** How early before its expiry a token is replaced, when there is a provider to ask. */
export const TOKEN_REFRESH_BEFORE_MS = 60_000;

/** When a JWT expires (ms since the epoch), read from its payload without checking it: the server checks. */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = atob(
      payload
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(payload.length / 4) * 4, '='),
    );
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

export interface TokenSourceOptions {
  /** A token the host already has. */
  token?: string;
  /** Asked for a token on join, and again before the one in hand expires. */
  provider?: () => Promise<string>;
  now?: () => number;
}

/**
 * The join token the engine presents: the host's, or a provider's, replaced shortly before it
 * expires so that a reconnect, a TURN refresh or a recording start never carries a dead one.
 */
export class TokenSource {
  private token: string | undefined;
  private pending: Promise<string> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: TokenSourceOptions) {
    this.token = options.token;
    this.now = options.now ?? Date.now;
  }

  /** Whether there is any token to present. */
  get configured(): boolean {
    return this.options.token !== undefined || this.options.provider !== undefined;
  }

  /** The token in hand, as it is (for a synchronous caller such as a recording's start). */
  get latest(): string | undefined {
    return this.token;
  }

  /** When the token in hand should be replaced (ms since the epoch), or null when it need not be. */
  get refreshAt(): number | null {
    const expiry = this.token ? tokenExpiry(this.token) : null;
    return this.options.provider && expiry !== null ? expiry - TOKEN_REFRESH_BEFORE_MS : null;
  }

  /** A token fresh enough to present now: the provider is asked when none is in hand or it is about to expire. */
  async current(): Promise<string | undefined> {
    const at = this.refreshAt;
    if (this.token !== undefined && (at === null || this.now() < at)) return this.token;
    if (!this.options.provider) return this.token;
    this.pending ??= this.options
      .provider()
      .then((token) => {
        if (typeof token !== 'string' || token === '') throw new CallError('token_missing', 'The token provider gave no token.');
        this.token = token;
        return token;
      })
      .catch((error: unknown) => {
        throw error instanceof CallError
          ? error
          : new CallError('token_missing', `The token provider failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }
}

/**
 * Keeps `source`'s token fresh while a call lasts: shortly before it expires the provider is
 * asked again and `onFresh` is given the new one. Returns the function that stops it.
 */
export function keepTokenFresh(source: TokenSource, onFresh: (token: string) => void, onError: (error: CallError) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const schedule = () => {
    const at = source.refreshAt;
    if (stopped || at === null) return;
    // Timers cannot wait longer than about 24.8 days; a token that lives longer is checked again then.
    timer = setTimeout(renew, Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1));
  };
  const renew = () => {
    source.current().then(
      (token) => {
        if (stopped || token === undefined) return;
        onFresh(token);
        schedule();
      },
      (error: CallError) => {
        if (stopped) return;
        onError(error);
        // Try again in a while: the token in hand may still be good for a minute.
        timer = setTimeout(renew, 15_000);
      },
    );
  };
  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
