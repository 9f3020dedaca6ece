import { expect } from '@open-wc/testing';
import { DEFAULT_RECOVERY_POLICY } from '../../src/recovery/policy.js';
import { QualityMeter } from '../../src/recovery/quality.js';
import { compareSamples, readStatsSample, type LinkReading, type StatsSample } from '../../src/recovery/stats-sample.js';
import { useLinkedSessions } from '../helpers/linked-sessions.js';
import { sleep, waitFor } from '../helpers/test-env.js';

/** Reads one peer connection's link as the health monitor does: one getStats() per interval. */
class LinkProbe {
  readonly samples: StatsSample[] = [];
  readonly readings: LinkReading[] = [];
  readonly meter = new QualityMeter();

  constructor(private readonly pc: RTCPeerConnection) {}

  /** Whether the first sample, which only sets the baseline, was taken. */
  get started(): boolean {
    return this.samples.length > 0;
  }

  async sample(): Promise<void> {
    const current = readStatsSample(await this.pc.getStats(), performance.now());
    const previous = this.samples.at(-1);
    this.samples.push(current);
    if (!previous) return;
    const reading = compareSamples(previous, current);
    this.readings.push(reading);
    this.meter.update(reading);
  }

  /** How much the selected pair's bytesReceived grew in each interval on one pair. */
  pairBytesReceivedGrowth(): number[] {
    return this.samples.slice(1).flatMap((current, i) => {
      const previous = this.samples[i];
      return current.selectedPairId === previous.selectedPairId ? [current.pairBytesReceived - previous.pairBytesReceived] : [];
    });
  }
}

/** Samples every probe at once, `count` intervals of the default policy's stats interval. */
async function readTogether(probes: LinkProbe[], count: number): Promise<void> {
  await Promise.all(probes.filter((probe) => !probe.started).map((probe) => probe.sample()));
  for (let i = 0; i < count; i++) {
    await sleep(DEFAULT_RECOVERY_POLICY.statsIntervalMs);
    await Promise.all(probes.map((probe) => probe.sample()));
  }
}

const describeReadings = (readings: LinkReading[]) =>
  readings
    .map(
      (r) =>
        `${r.alive ? 'alive' : 'dead'}${r.baseline ? ' (baseline)' : ''} rx ${Math.round(r.bytesReceivedPerSecond)} tx ${Math.round(r.bytesSentPerSecond)}`,
    )
    .join('; ');

describe('link health from real getStats() (two peer connections in one page)', () => {
  const sessions = useLinkedSessions();

  const connect = async (streams?: MediaStream | [MediaStream, MediaStream]) => {
    const linked = sessions.link({ stream: streams, offerOnStart: [true, false], delayMs: () => 0 });
    await waitFor(() => linked.a.state === 'connected' && linked.b.state === 'connected', 'both sides connected');
    return linked;
  };

  it('reads a connected call as alive on both sides, level good', async () => {
    const { a, b } = await connect();
    const probes = [new LinkProbe(a.pc), new LinkProbe(b.pc)];
    await readTogether(probes, 3);
    for (const [side, probe] of [
      ['a', probes[0]],
      ['b', probes[1]],
    ] as const) {
      const steady = probe.readings.filter((reading) => !reading.baseline);
      expect(
        probe.readings.every((reading) => reading.alive),
        `${side}: ${describeReadings(probe.readings)}`,
      ).to.equal(true);
      expect(steady.length, `${side}: ${describeReadings(probe.readings)}`).to.be.at.least(2);
      expect(steady.every((reading) => reading.bytesReceivedPerSecond > 1000 && reading.bytesSentPerSecond > 1000)).to.equal(true);
      expect(probe.meter.level, side).to.equal('good');
    }
  });

  it('reads a side that sends media but receives none as alive (evidence from the far end, not our bytesSent)', async () => {
    const { a, b } = await connect([sessions.stream, new MediaStream()]);
    const sender = new LinkProbe(a.pc);
    const receiver = new LinkProbe(b.pc);
    await readTogether([sender, receiver], 4);
    const detail = `sender: ${describeReadings(sender.readings)}`;
    expect(
      sender.readings.every((reading) => reading.alive),
      detail,
    ).to.equal(true);
    expect(sender.readings.filter((reading) => !reading.baseline).length, detail).to.be.at.least(3);
    expect(
      sender.readings.every((reading) => reading.bytesReceivedPerSecond === 0),
      detail,
    ).to.equal(true);
    expect(sender.readings.at(-1)!.bytesSentPerSecond, detail).to.be.greaterThan(1000);
    expect(sender.meter.level).to.equal('good');
    // What proves it: the far end's RTCP about our media arrives on the selected pair.
    const pairGrowth = sender.pairBytesReceivedGrowth();
    expect(pairGrowth.length).to.be.at.least(3);
    expect(
      pairGrowth.every((bytes) => bytes > 0),
      `pair bytes received per interval: ${pairGrowth}`,
    ).to.equal(true);
    expect(
      receiver.readings.every((reading) => reading.alive && reading.bytesSentPerSecond === 0),
      describeReadings(receiver.readings),
    ).to.equal(true);
  });

  it('reads the link as not alive within a few samples after the other side closes', async () => {
    const { a, b } = await connect();
    const probe = new LinkProbe(a.pc);
    await readTogether([probe], 1);
    expect(probe.readings[0].alive, 'before the close').to.equal(true);
    b.close();
    const readAfterClose = probe.readings.length;
    await readTogether([probe], 4);
    const afterClose = probe.readings.slice(readAfterClose);
    const detail = describeReadings(afterClose);
    const firstDead = afterClose.findIndex((reading) => !reading.alive);
    expect(firstDead, detail).to.be.within(0, 2);
    expect(
      afterClose.slice(firstDead).every((reading) => !reading.alive),
      detail,
    ).to.equal(true);
    expect(probe.meter.level).to.equal('lost');
  });
});
