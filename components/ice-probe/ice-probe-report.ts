import type { IceProbeResult } from '../../src/index.js';
import { englishStrings } from '../strings/english.js';
import { plural, type LifelineStrings } from '../strings/strings.js';

type ProbeStrings = LifelineStrings['iceProbe'];

export type { IceProbeState } from '../events/ice-probe-event.js';

/** STUN, STUN TLS, TURN udp, TURN tcp or TURN TLS. */
export function kindLabel({ type, transport }: IceProbeResult): string {
  if (type === 'stun') return transport === 'tls' ? 'STUN TLS' : 'STUN';
  return `TURN ${transport === 'tls' ? 'TLS' : transport}`;
}

export const verdictLabel = (strings: ProbeStrings, { status }: IceProbeResult) => (status === 'ok' ? strings.reachable : strings.unreachable);

export const candidatesLabel = (strings: ProbeStrings, { candidates }: IceProbeResult) => candidates.join(', ') || strings.none;

/** Why a server failed (the server's or browser's own words); for a STUN server that passed without a srflx, why that is fine. */
export function detailLabel(strings: ProbeStrings, { error, type, candidates }: IceProbeResult): string {
  if (error) return error.code === null ? error.text : `${error.code} ${error.text}`;
  return type === 'stun' && !candidates.includes('srflx') ? strings.noNat : '';
}

/** The sentence announced when a run ends. */
export function summary(strings: ProbeStrings, results: IceProbeResult[], lang: string): string {
  const count = results.length;
  const failed = results.filter((result) => result.status !== 'ok').length;
  if (count === 0) return strings.noServers;
  if (failed === 0) return plural(strings.allReachable, count, lang);
  if (count === 1) return strings.oneUnreachable;
  return plural(strings.someUnreachable, failed, lang, { count, failed });
}

/**
 * A report for a support ticket, in English whatever the element's language, since it is read
 * by a support team: plain text for people, JSON for tools.
 */
export function report(results: IceProbeResult[], finishedAt: Date | null, format: 'text' | 'json'): string {
  const time = finishedAt?.toISOString() ?? null;
  if (format === 'json') return JSON.stringify({ time, userAgent: navigator.userAgent, results }, null, 2);
  if (!time) return 'No ICE probe has run yet.';
  const strings = englishStrings.iceProbe;
  const lines = results.map((result) => {
    const detail = detailLabel(strings, result);
    return `${result.url} (${kindLabel(result)}): ${verdictLabel(strings, result)}, ${result.durationMs} ms, candidates: ${candidatesLabel(strings, result)}${detail ? `. ${detail}` : ''}`;
  });
  return [`Lifeline ICE probe, ${time}`, `Browser: ${navigator.userAgent}`, summary(strings, results, 'en'), '', ...lines].join('\n');
}
