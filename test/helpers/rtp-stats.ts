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
