import type { IceProbeResult } from '../../src/index.js';

/** What `<ice-probe>` is doing, reflected as its `state` attribute. */
export type IceProbeState = 'idle' | 'probing' | 'passed' | 'failed' | 'error';

/** STUN, STUN TLS, TURN udp, TURN tcp or TURN TLS. */
export function kindLabel({ type, transport }: IceProbeResult): string {
  if (type === 'stun') return transport === 'tls' ? 'STUN TLS' : 'STUN';
  return `TURN ${transport === 'tls' ? 'TLS' : transport}`;
}

export const verdictLabel = ({ status }: IceProbeResult) => (status === 'ok' ? 'Reachable' : 'Not reachable');

export const candidatesLabel = ({ candidates }: IceProbeResult) => candidates.join(', ') || 'none';

/** Why a server failed; for a STUN server that passed without a srflx, why that is fine. */
export function detailLabel({ error, type, candidates }: IceProbeResult): string {
  if (error) return error.code === null ? error.text : `${error.code} ${error.text}`;
  return type === 'stun' && !candidates.includes('srflx') ? 'No NAT in between: the server saw this device\'s own address.' : '';
}

/** The sentence announced when a run ends. */
export function summary(results: IceProbeResult[]): string {
  const failed = results.filter((result) => result.status !== 'ok').length;
  if (results.length === 0) return 'No STUN or TURN servers are configured.';
  if (failed === 0) return results.length === 1 ? 'The server is reachable.' : `All ${results.length} servers are reachable.`;
  if (results.length === 1) return 'The server is not reachable.';
  return `${failed} of ${results.length} servers ${failed === 1 ? 'is' : 'are'} not reachable.`;
}

/** A report for a support ticket: plain text for people, JSON for tools. */
export function report(results: IceProbeResult[], finishedAt: Date | null, format: 'text' | 'json'): string {
  const time = finishedAt?.toISOString() ?? null;
  if (format === 'json') return JSON.stringify({ time, userAgent: navigator.userAgent, results }, null, 2);
  if (!time) return 'No ICE probe has run yet.';
  const lines = results.map((result) => {
    const detail = detailLabel(result);
    return `${result.url} (${kindLabel(result)}): ${verdictLabel(result)}, ${result.durationMs} ms, candidates: ${candidatesLabel(result)}${detail ? `. ${detail}` : ''}`;
  });
  return [`Lifeline ICE probe, ${time}`, `Browser: ${navigator.userAgent}`, summary(results), '', ...lines].join('\n');
}
