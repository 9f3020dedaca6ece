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
 * The local candidate of the pair carrying the connection now, or null before there is one.
 * Chromium names the pair on the transport; Firefox marks it `selected`.
 */
export async function selectedLocalCandidate(pc: RTCPeerConnection): Promise<SelectedCandidate | null> {
  type Stat = { type: string; id: string; selectedCandidatePairId?: string; selected?: boolean; nominated?: boolean; state?: string; localCandidateId?: string };
  const stats = new Map<string, Stat & Record<string, unknown>>();
  (await pc.getStats()).forEach((stat: Stat & Record<string, unknown>) => stats.set(stat.id, stat));
  const all = [...stats.values()];
  const pairId = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId)?.selectedCandidatePairId;
  const pair = (pairId && stats.get(pairId)) || all.find((s) => s.type === 'candidate-pair' && s.selected) || all.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
  const local = pair?.localCandidateId ? stats.get(pair.localCandidateId) : undefined;
  if (!local) return null;
  return { id: local.id, candidateType: local.candidateType as RTCIceCandidateType, relayProtocol: local.relayProtocol as string | undefined, port: local.port as number | undefined };
}
