import { CallError } from '../errors.js';
import type { IceConfig } from './rtc-config.js';

/**
 * Fetches an `IceConfig` as JSON, such as the reference server's `/lifeline/ice-config`. It is
 * fetched fresh every time: it carries TURN credentials that expire. Rejects with
 * `ice_config_unavailable` when it cannot be had, `invalid_ice_config` when it is not JSON, and
 * the signal's reason when aborted. The config itself is checked by whoever uses it.
 */
export async function fetchIceConfig(url: string, signal?: AbortSignal, fetchImpl: typeof fetch = fetch, headers?: Record<string, string>): Promise<IceConfig> {
  const unavailable = (why: string, cause?: unknown) =>
    new CallError('ice_config_unavailable', `The STUN and TURN settings could not be loaded from ${url} (${why}). Check the connection, then try again.`, {
      cause,
    });
  let response: Response;
  try {
    response = await fetchImpl(url, { signal, cache: 'no-store', ...(headers ? { headers } : {}) });
  } catch (error) {
    throw signal?.aborted ? signal.reason : unavailable(`no answer from the server: ${(error as Error).message}`, error);
  }
  if (!response.ok) throw unavailable(`HTTP ${response.status}`);
  try {
    return (await response.json()) as IceConfig;
  } catch (error) {
    throw signal?.aborted ? signal.reason : new CallError('invalid_ice_config', `The ICE config at ${url} is not JSON.`, { cause: error });
  }
}
