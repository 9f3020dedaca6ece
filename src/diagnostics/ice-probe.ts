import { buildRtcConfiguration, type IceConfig } from '../peer/rtc-config.js';

export type IceServerType = 'stun' | 'turn' | 'turns';
export type IceServerTransport = 'udp' | 'tcp' | 'tls';

export interface IceProbeError {
  /**
   * The browser's ICE error code: a STUN/TURN answer (401, 403, 437, ...) or 701 (no answer
   * at that address). Null when nothing answered within the timeout, or when the browser
   * refused the server outright.
   */
  code: number | null;
  text: string;
}

export interface IceProbeResult {
  url: string;
  type: IceServerType;
  transport: IceServerTransport;
  /**
   * `ok`: the server gave the candidate it exists for (srflx for STUN, relay for TURN), or a
   * STUN server answered with the browser's own address (no NAT in between: no srflx then).
   */
  status: 'ok' | 'failed';
  /** The distinct candidate types gathered, in the order they first appeared. */
  candidates: RTCIceCandidateType[];
  durationMs: number;
  error: IceProbeError | null;
}

export interface IceProbeOptions {
  /** How long one server may take, in milliseconds; default 10000. */
  timeoutMs?: number;
  /** Aborting closes every probe's connection and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Makes the peer connections (to observe them); `new RTCPeerConnection(c)` by default. */
  createPeerConnection?: (configuration: RTCConfiguration) => RTCPeerConnection;
}

/** One server to probe: a single URL, with the credentials of its TURN entry. */
export interface IceProbeServer {
  url: string;
  username?: string;
  credential?: string;
}

export const DEFAULT_ICE_PROBE_TIMEOUT_MS = 10_000;

// Firefox reports ICE errors with a code and an empty text; these say what each means.
const EXPLAINED: Record<number, string> = {
  401: 'Unauthorized: wrong or expired credentials.',
  403: 'Forbidden: the server refuses this client or address.',
  437: 'Allocation mismatch.',
  438: 'Stale nonce.',
  442: 'The server does not relay over this transport.',
  486: 'Allocation quota reached for these credentials.',
  508: 'The server has no relay ports left.',
  701: 'Unreachable: no answer at this address and port (over TLS: or a certificate not trusted).',
};

interface ProbeTarget {
  url: string;
  type: IceServerType;
  transport: IceServerTransport;
  server: RTCIceServer;
}

/**
 * Probes every STUN and TURN URL of `config` at once, each through a peer connection of its
 * own that only that server can give candidates to, and resolves with one result per URL in
 * the config's order. A malformed config rejects with `CallError('invalid_ice_config')`; an
 * aborted signal rejects with its reason. Every connection is closed before this settles.
 */
export async function probeIceServers(config: IceConfig, options: IceProbeOptions = {}): Promise<IceProbeResult[]> {
  // The engine's own builder: a config that passes here is one a call would accept.
  const targets = (buildRtcConfiguration(config).iceServers ?? []).flatMap(({ urls, username, credential }) =>
    [urls].flat().map((url): ProbeTarget => ({ url, ...kindOf(url), server: { urls: url, username, credential } })),
  );
  options.signal?.throwIfAborted();
  return Promise.all(targets.map((target) => probe(target, options)));
}

/** Probes one STUN or TURN URL (a TURN one with its username and credential). */
export async function probeIceServer(server: IceProbeServer, options: IceProbeOptions = {}): Promise<IceProbeResult> {
  const { url, username = '', credential = '' } = server;
  const config: IceConfig = /^stuns?:/.test(url) ? { stun: [url] } : { turn: [{ urls: [url], username, credential }] };
  const [result] = await probeIceServers(config, options);
  return result;
}

function kindOf(url: string): { type: IceServerType; transport: IceServerTransport } {
  const scheme = url.slice(0, url.indexOf(':'));
  const type = scheme === 'turn' || scheme === 'turns' ? scheme : 'stun';
  const transport = scheme.endsWith('s') ? 'tls' : /\?transport=tcp$/.test(url) ? 'tcp' : 'udp';
  return { type, transport };
}

async function probe(target: ProbeTarget, options: IceProbeOptions): Promise<IceProbeResult> {
  const { timeoutMs = DEFAULT_ICE_PROBE_TIMEOUT_MS, signal, createPeerConnection = (c) => new RTCPeerConnection(c) } = options;
  const expected: RTCIceCandidateType = target.type === 'stun' ? 'srflx' : 'relay';
  const seen = new Set<RTCIceCandidateType>();
  const errors: IceProbeError[] = [];
  const started = performance.now();
  const result = (error: IceProbeError | null): IceProbeResult => ({
    url: target.url,
    type: target.type,
    transport: target.transport,
    status: error ? 'failed' : 'ok',
    candidates: [...seen],
    durationMs: Math.round(performance.now() - started),
    error,
  });
  let pc: RTCPeerConnection | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  try {
    // Relay-only for TURN, so a host or reflexive candidate can never pass for the relay.
    const peer = (pc = createPeerConnection({ iceServers: [target.server], iceTransportPolicy: target.type === 'stun' ? 'all' : 'relay' }));
    const outcome = new Promise<'found' | 'complete' | 'timeout'>((resolve, reject) => {
      peer.onicecandidate = ({ candidate }) => {
        if (!candidate) return resolve('complete');
        if (candidate.type) seen.add(candidate.type);
        // The server works: no need to wait for the rest of gathering.
        if (candidate.type === expected) resolve('found');
      };
      peer.onicecandidateerror = ({ errorCode, errorText }) => {
        errors.push({ code: errorCode, text: errorText || (EXPLAINED[errorCode] ?? `ICE error ${errorCode}.`) });
      };
      // A dead port gets no answer at all, and Chromium then never completes gathering.
      timer = setTimeout(resolve, timeoutMs, 'timeout');
      onAbort = () => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    // Without a data channel the offer has nothing to gather candidates for.
    peer.createDataChannel('probe');
    const [how] = await Promise.all([outcome, peer.createOffer().then((offer) => peer.setLocalDescription(offer))]);
    if (how === 'found') return result(null);
    // Without a NAT in between, a STUN server maps the browser to its own host address, and
    // Chromium and Firefox drop such a srflx as redundant. A dead one ends in a 701 or in no
    // completion at all, so gathering that completed without an error means it answered.
    if (how === 'complete' && expected === 'srflx' && errors.length === 0 && seen.has('host')) return result(null);
    return result(
      explain(errors) ?? {
        code: null,
        text: how === 'timeout' ? `No answer within ${seconds(timeoutMs)}.` : `No ${expected} candidate, and the browser gave no reason.`,
      },
    );
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // A server the browser will not even try (Firefox refuses some ports) is a failed probe, not a failed run.
    return result({ code: null, text: `The browser refused this server: ${(error as Error).message}` });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    if (pc) {
      pc.onicecandidate = pc.onicecandidateerror = null;
      pc.close();
    }
  }
}

/** An answer from the server (401, 403, ...) says more than a 701 from one of the host's interfaces. */
function explain(errors: IceProbeError[]): IceProbeError | undefined {
  return errors.find(({ code }) => code !== null && code < 700) ?? errors[0];
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
