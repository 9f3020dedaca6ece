import { readStatsSample } from '../../src/recovery/stats-sample.js';

export interface RtpBytes {
  sent: number;
  received: number;
}

/** Total RTP payload bytes this peer connection has sent and received so far. */
export async function rtpBytes(pc: RTCPeerConnection): Promise<RtpBytes> {
  const totals = { sent: 0, received: 0 };
  const report = await pc.getStats();
  report.forEach((stat: { type: string; bytesSent?: number; bytesReceived?: number }) => {
    if (stat.type === 'outbound-rtp') totals.sent += stat.bytesSent ?? 0;
    if (stat.type === 'inbound-rtp') totals.received += stat.bytesReceived ?? 0;
  });
  return totals;
}

/** Resolves once bytes have grown in both directions over `windowMs`; rejects otherwise. */
export async function expectMediaFlowing(pc: RTCPeerConnection, windowMs = 1500): Promise<RtpBytes> {
  const before = await rtpBytes(pc);
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = await rtpBytes(pc);
  const delta = { sent: after.sent - before.sent, received: after.received - before.received };
  if (delta.sent <= 0 || delta.received <= 0) {
    throw new Error(`RTP bytes did not flow both ways in ${windowMs} ms: sent +${delta.sent}, received +${delta.received}`);
  }
  return delta;
}

/** RTP payload bytes received so far of one kind of media. */
export async function inboundBytes(pc: RTCPeerConnection, kind: 'audio' | 'video'): Promise<number> {
  let total = 0;
  (await pc.getStats()).forEach((stat: { type: string; kind?: string; mediaType?: string; bytesReceived?: number }) => {
    if (stat.type === 'inbound-rtp' && (stat.kind ?? stat.mediaType) === kind) total += stat.bytesReceived ?? 0;
  });
  return total;
}

/** Resolves once inbound bytes of `kind` grow past `from` (or their value now, read first). */
export async function expectInboundGrowing(pc: RTCPeerConnection, kind: 'audio' | 'video', windowMs = 1500): Promise<number> {
  const before = await inboundBytes(pc, kind);
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const grown = (await inboundBytes(pc, kind)) - before;
  if (grown <= 0) throw new Error(`No inbound ${kind} RTP arrived in ${windowMs} ms`);
  return grown;
}

/** Counts offers and answers on connections: a track swap must cause none. */
export function watchNegotiation(...pcs: RTCPeerConnection[]): { readonly count: number } {
  let count = 0;
  for (const pc of pcs) {
    pc.addEventListener('negotiationneeded', () => count++);
    pc.addEventListener('signalingstatechange', () => count++);
  }
  return {
    get count() {
      return count;
    },
  };
}

export interface SelectedCandidate {
  id: string;
  candidateType: RTCIceCandidateType;
  /** How the relay is reached (udp, tcp, tls), for a relay candidate. */
  relayProtocol?: string;
  port?: number;
}

/**
 * The local candidate of the pair carrying the connection now, or null before there is one:
 * the pair the engine's own health monitor reads (`readStatsSample`'s rule for both browsers).
 */
export async function selectedLocalCandidate(pc: RTCPeerConnection): Promise<SelectedCandidate | null> {
  const report = await pc.getStats();
  const pairId = readStatsSample(report, 0).selectedPairId?.split(',')[0];
  const pair = pairId ? (report.get(pairId) as { localCandidateId?: string } | undefined) : undefined;
  const local = pair?.localCandidateId ? report.get(pair.localCandidateId) : undefined;
  if (!local) return null;
  return { id: local.id, candidateType: local.candidateType, relayProtocol: local.relayProtocol, port: local.port };
}
