// Turns RTCPeerConnection.getStats() into cumulative totals (a StatsSample), and two samples a
// second apart into what happened on the link in between (a LinkReading).

/**
 * Totals read from one getStats() report. Counters are cumulative as the browser reports them;
 * a counter the report lacks is 0, a measurement it lacks is null (never NaN).
 */
export interface StatsSample {
  /** When the report was read, in milliseconds on the caller's clock. */
  at: number;
  /** Sums over inbound-rtp: the media the far end sent us. */
  inboundBytes: number;
  inboundPackets: number;
  inboundPacketsLost: number;
  /** Sum over outbound-rtp. Counts what we put on the wire, delivered or not. */
  outboundBytes: number;
  /** The selected candidate pair's id (several joined by commas), or null before ICE selects one. */
  selectedPairId: string | null;
  /** Everything the selected pair carried each way: RTP, RTCP, DTLS (Chromium leaves out STUN checks). */
  pairBytesReceived: number;
  pairBytesSent: number;
  /** The selected pair's currentRoundTripTime, else the far end's reports' roundTripTime. */
  roundTripTimeMs: number | null;
  /** The selected pair's estimate (Chromium; Firefox has none). */
  availableOutgoingBitrate: number | null;
  /** Each inbound-rtp stream's jitter and packets so far, by stat id (see compareSamples). */
  inboundJitter: Record<string, { packetsReceived: number; jitterMs: number }>;
  /** The largest remote-inbound-rtp fractionLost (0-1): loss of our media on its way out. */
  farEndFractionLost: number | null;
  /**
   * Grows with every receiver report the far end sends about our media: the sum of
   * remote-inbound-rtp roundTripTimeMeasurements (both browsers) and packetsReceived (Firefox).
   */
  farEndReports: number;
}

/** What happened on one link between two samples. */
export interface LinkReading {
  /** Proof that the far end is there and hears us, or sends to us; see compareSamples. */
  alive: boolean;
  /**
   * The two samples could not be compared (a new pair was selected, a received-bytes counter
   * went backwards, no time passed): the rates of reset counters are 0 and `alive` is assumed
   * true, to be judged again on the next sample.
   */
  baseline: boolean;
  /** Media (RTP) bytes per second in each direction. */
  bytesReceivedPerSecond: number;
  bytesSentPerSecond: number;
  /** Loss in the worse direction, 0-100: inbound over the interval, outbound as the far end reported it. */
  packetLossPercent: number;
  roundTripTimeMs: number | null;
  /** The largest jitter of the inbound streams that flowed, or null when none did. */
  jitterMs: number | null;
  availableOutgoingBitrate: number | null;
}

/** The part of a stats entry this file reads; every field but `type` and `id` may be missing. */
type Stat = { type: string; id: string } & Record<string, unknown>;

export function readStatsSample(report: RTCStatsReport, at: number): StatsSample {
  const sample: StatsSample = {
    at,
    inboundBytes: 0,
    inboundPackets: 0,
    inboundPacketsLost: 0,
    outboundBytes: 0,
    selectedPairId: null,
    pairBytesReceived: 0,
    pairBytesSent: 0,
    roundTripTimeMs: null,
    availableOutgoingBitrate: null,
    inboundJitter: {},
    farEndFractionLost: null,
    farEndReports: 0,
  };
  const pairs: Stat[] = [];
  const transports: Stat[] = [];
  let farEndRoundTripTime: number | null = null;
  report.forEach((stat: Stat) => {
    switch (stat.type) {
      case 'inbound-rtp': {
        sample.inboundBytes += count(stat.bytesReceived);
        sample.inboundPackets += count(stat.packetsReceived);
        sample.inboundPacketsLost += count(stat.packetsLost);
        const jitterMs = milliseconds(stat.jitter);
        if (jitterMs !== null) sample.inboundJitter[stat.id] = { packetsReceived: count(stat.packetsReceived), jitterMs };
        break;
      }
      case 'outbound-rtp':
        sample.outboundBytes += count(stat.bytesSent);
        break;
      case 'remote-inbound-rtp':
        sample.farEndFractionLost = largest(sample.farEndFractionLost, measure(stat.fractionLost));
        sample.farEndReports += count(stat.roundTripTimeMeasurements) + count(stat.packetsReceived);
        farEndRoundTripTime = largest(farEndRoundTripTime, milliseconds(stat.roundTripTime));
        break;
      case 'candidate-pair':
        pairs.push(stat);
        break;
      case 'transport':
        transports.push(stat);
        break;
    }
  });
  const selected = selectedPairs(pairs, transports);
  if (selected.length > 0) sample.selectedPairId = selected.map((pair) => pair.id).join(',');
  let pairRoundTripTime: number | null = null;
  for (const pair of selected) {
    sample.pairBytesReceived += count(pair.bytesReceived);
    sample.pairBytesSent += count(pair.bytesSent);
    pairRoundTripTime = largest(pairRoundTripTime, milliseconds(pair.currentRoundTripTime));
    const bitrate = measure(pair.availableOutgoingBitrate);
    if (bitrate !== null) sample.availableOutgoingBitrate = (sample.availableOutgoingBitrate ?? 0) + bitrate;
  }
  sample.roundTripTimeMs = pairRoundTripTime ?? farEndRoundTripTime;
  return sample;
}

/**
 * The pairs media travels on. Chromium and Firefox 153 both name it in the transport stat's
 * selectedCandidatePairId; older Firefox only flags it `selected: true`. Chromium keeps an
 * earlier pair nominated and succeeded after switching, so that pair is guessed only when
 * exactly one fits.
 */
function selectedPairs(pairs: Stat[], transports: Stat[]): Stat[] {
  const named = new Set(transports.map((transport) => transport.selectedCandidatePairId).filter((id) => typeof id === 'string'));
  const byTransport = pairs.filter((pair) => named.has(pair.id));
  if (byTransport.length > 0) return byTransport;
  const flagged = pairs.filter((pair) => pair.selected === true);
  if (flagged.length > 0) return flagged;
  const candidates = pairs.filter((pair) => pair.nominated === true && pair.state === 'succeeded');
  return candidates.length === 1 ? candidates : [];
}

/**
 * THE ALIVE RULE. The link is alive when the far end proves, in this interval, that it is there:
 *  - inbound RTP bytes grew (it sends us media; a muted track still sends a trickle), or
 *  - the selected pair's bytesReceived grew: it carries the far end's RTCP about our media even
 *    when it sends no media at all (seen in Chromium 156 and Firefox 153: about 0.7-1 KB/s for a
 *    sender whose peer has no tracks), or
 *  - the far end's receiver reports advanced (remote-inbound-rtp counters).
 * Either direction counts, so a muted or receive-only far end does not look dead. Our own
 * outbound-rtp bytesSent is never proof: Chromium keeps counting it while a dead network, or a
 * far end that closed, eats every packet.
 * A far-end report counter that shrinks proves nothing but is no reset either: Firefox drops a
 * remote-inbound-rtp entry when the far end goes away.
 */
export function compareSamples(previous: StatsSample, current: StatsSample): LinkReading {
  const elapsedSeconds = (current.at - previous.at) / 1000;
  const samePair = current.selectedPairId !== null && current.selectedPairId === previous.selectedPairId;
  const newPair = current.selectedPairId !== null && !samePair;
  const inboundGrowth = growth(previous.inboundBytes, current.inboundBytes);
  // No pair now (none selected yet, or it went away) is no evidence, and no reset either.
  const pairGrowth = samePair ? growth(previous.pairBytesReceived, current.pairBytesReceived) : 0;
  const baseline = !(elapsedSeconds > 0) || newPair || inboundGrowth === null || pairGrowth === null;
  const farEndReported = (growth(previous.farEndReports, current.farEndReports) ?? 0) > 0;
  const alive = baseline || (inboundGrowth ?? 0) > 0 || (pairGrowth ?? 0) > 0 || farEndReported;

  const inboundLossPercent = baseline ? 0 : lossPercent(previous, current);
  const outboundLossPercent = (current.farEndFractionLost ?? 0) * 100;
  return {
    alive,
    baseline,
    bytesReceivedPerSecond: rate(previous.inboundBytes, current.inboundBytes, elapsedSeconds),
    bytesSentPerSecond: rate(previous.outboundBytes, current.outboundBytes, elapsedSeconds),
    packetLossPercent: Math.min(100, Math.max(inboundLossPercent, outboundLossPercent)),
    roundTripTimeMs: current.roundTripTimeMs,
    jitterMs: flowingJitter(previous, current, elapsedSeconds),
    availableOutgoingBitrate: current.availableOutgoingBitrate,
  };
}

/** Lost / (lost + received) over the interval; 0 when a counter reset or nothing was expected. */
function lossPercent(previous: StatsSample, current: StatsSample): number {
  const received = growth(previous.inboundPackets, current.inboundPackets);
  // packetsLost may shrink when late duplicates arrive; that is no loss, not a reset.
  const lost = Math.max(0, current.inboundPacketsLost - previous.inboundPacketsLost);
  if (received === null || received + lost === 0) return 0;
  return (lost / (received + lost)) * 100;
}

/**
 * A stream's jitter means something only while it flows: Firefox sends about one black frame a
 * second for a disabled video track, and that stream's jitter reads near 60 ms on a clean link.
 */
const MIN_PACKETS_PER_SECOND_FOR_JITTER = 5;

function flowingJitter(previous: StatsSample, current: StatsSample, elapsedSeconds: number): number | null {
  let jitterMs: number | null = null;
  for (const [id, stream] of Object.entries(current.inboundJitter)) {
    const before = previous.inboundJitter[id];
    if (before && rate(before.packetsReceived, stream.packetsReceived, elapsedSeconds) >= MIN_PACKETS_PER_SECOND_FOR_JITTER) {
      jitterMs = largest(jitterMs, stream.jitterMs);
    }
  }
  return jitterMs;
}

/** How much a cumulative counter grew, or null when it went backwards (a fresh baseline). */
function growth(before: number, after: number): number | null {
  return after >= before ? after - before : null;
}

function rate(before: number, after: number, elapsedSeconds: number): number {
  const grown = growth(before, after);
  return grown === null || !(elapsedSeconds > 0) ? 0 : grown / elapsedSeconds;
}

function measure(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function count(value: unknown): number {
  return measure(value) ?? 0;
}

/** A duration the browser reports in seconds, in milliseconds. */
function milliseconds(valueInSeconds: unknown): number | null {
  const s = measure(valueInSeconds);
  return s === null ? null : s * 1000;
}

function largest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}
