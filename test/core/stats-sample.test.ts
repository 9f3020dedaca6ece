import { expect } from '@open-wc/testing';
import { compareSamples, readStatsSample, type StatsSample } from '../../src/recovery/stats-sample.js';
import { loadStatsFixture, readingsOf, toSample, type CapturedSample, type StatsFixture } from '../helpers/stats-fixtures.js';

const sumOf = (captured: CapturedSample, type: string, field: string) =>
  captured.stats.filter((stat) => stat.type === type).reduce((total, stat) => total + ((stat[field] as number | undefined) ?? 0), 0);

/** The captured sample with some entries left out or changed, as another browser might report it. */
const edited = (captured: CapturedSample, edit: (stat: CapturedSample['stats'][number]) => CapturedSample['stats'][number] | null) => ({
  at: captured.at,
  stats: captured.stats.map((stat) => edit({ ...stat })).filter((stat) => stat !== null),
});

for (const browser of ['chromium', 'firefox'] as const) {
  describe(`stats samples from ${browser}'s real getStats()`, () => {
    let fixture: StatsFixture;
    before(async () => {
      fixture = await loadStatsFixture(browser);
    });

    it('sums inbound and outbound RTP over every stream', () => {
      const captured = fixture.scenarios.connected[0];
      const sample = toSample(captured);
      expect(sample.inboundBytes).to.equal(sumOf(captured, 'inbound-rtp', 'bytesReceived'));
      expect(sample.inboundPackets).to.equal(sumOf(captured, 'inbound-rtp', 'packetsReceived'));
      expect(sample.inboundPacketsLost).to.equal(sumOf(captured, 'inbound-rtp', 'packetsLost'));
      expect(sample.outboundBytes).to.equal(sumOf(captured, 'outbound-rtp', 'bytesSent'));
      expect(Math.min(sample.inboundBytes, sample.inboundPackets, sample.outboundBytes)).to.be.greaterThan(0);
      expect(Object.keys(sample.inboundJitter)).to.have.length(2);
    });

    it('reads the pair the transport names as selected, not an older nominated one', () => {
      for (const captured of [...fixture.scenarios.sendOnly, ...fixture.scenarios.peerClosed]) {
        const transport = captured.stats.find((stat) => stat.type === 'transport')!;
        const pair = captured.stats.find((stat) => stat.id === transport.selectedCandidatePairId)!;
        const sample = toSample(captured);
        expect(sample.selectedPairId).to.equal(pair.id);
        expect(sample.pairBytesReceived).to.equal(pair.bytesReceived);
        expect(sample.pairBytesSent).to.equal(pair.bytesSent);
      }
    });

    it('without a transport stat, takes the pair flagged selected, else the only nominated and succeeded one', () => {
      const captured = fixture.scenarios.connected[0];
      const expected = toSample(captured).selectedPairId;
      const noTransport = edited(captured, (stat) => (stat.type === 'transport' ? null : stat));
      expect(toSample(noTransport).selectedPairId).to.equal(expected);
      const noFlag = edited(noTransport, (stat) => {
        delete stat.selected;
        return stat;
      });
      expect(toSample(noFlag).selectedPairId).to.equal(expected);
    });

    it("reads round trip time from the pair, else from the far end's reports", () => {
      const captured = fixture.scenarios.connected[2];
      const pair = captured.stats.find((stat) => stat.id === toSample(captured).selectedPairId)!;
      expect(toSample(captured).roundTripTimeMs).to.equal((pair.currentRoundTripTime as number) * 1000);
      const farEnd = captured.stats.filter((stat) => stat.type === 'remote-inbound-rtp' && typeof stat.roundTripTime === 'number');
      const withoutPairRtt = edited(captured, (stat) => {
        delete stat.currentRoundTripTime;
        return stat;
      });
      expect(toSample(withoutPairRtt).roundTripTimeMs).to.equal(Math.max(...farEnd.map((stat) => (stat.roundTripTime as number) * 1000)));
    });

    it('reports availableOutgoingBitrate only where the browser has it', () => {
      const bitrate = toSample(fixture.scenarios.connected[0]).availableOutgoingBitrate;
      if (browser === 'chromium') expect(bitrate).to.be.greaterThan(0);
      else expect(bitrate).to.equal(null);
    });

    it('reads a connected call as alive, with media both ways and no loss', () => {
      for (const reading of readingsOf(fixture.scenarios.connected)) {
        expect(reading).to.include({ alive: true, baseline: false, packetLossPercent: 0 });
        expect(reading.bytesReceivedPerSecond).to.be.greaterThan(10_000);
        expect(reading.bytesSentPerSecond).to.be.greaterThan(10_000);
        expect(reading.jitterMs).to.be.lessThan(30);
      }
    });

    it("reads a sender whose peer sends no media as alive, from the far end's RTCP on the selected pair", () => {
      const steady = readingsOf(fixture.scenarios.sendOnly).filter((reading) => !reading.baseline);
      expect(steady).to.have.length.at.least(2);
      for (const reading of steady) {
        expect(reading).to.include({ alive: true, bytesReceivedPerSecond: 0, jitterMs: null });
        expect(reading.bytesSentPerSecond).to.be.greaterThan(10_000);
      }
      const samples = fixture.scenarios.sendOnly.map(toSample);
      const pairGrowth = samples.slice(1).map((s, i) => s.pairBytesReceived - samples[i].pairBytesReceived);
      expect(
        pairGrowth.slice(-2).every((bytes) => bytes > 500),
        `pair bytes received per second: ${pairGrowth}`,
      ).to.equal(true);
    });

    it('reads a receive-only side and a muted far end as alive', () => {
      for (const reading of readingsOf(fixture.scenarios.receiveOnly)) {
        expect(reading).to.include({ alive: true, bytesSentPerSecond: 0 });
      }
      for (const reading of readingsOf(fixture.scenarios.farEndMuted)) {
        expect(reading.alive).to.equal(true);
        // A disabled video track's few frames have a meaningless jitter (near 60 ms in Firefox).
        expect(reading.jitterMs).to.be.lessThan(30);
      }
    });

    it('reads the link as dead once the far end closed, even while our own bytesSent grows', () => {
      const readings = readingsOf(fixture.scenarios.peerClosed);
      expect(readings[0].alive, 'before the close').to.equal(true);
      const dead = readings.slice(2);
      expect(dead.map((reading) => reading.alive)).to.deep.equal([false, false]);
      expect(dead.every((reading) => !reading.baseline)).to.equal(true);
      // Chromium keeps sending into the void; Firefox stops once DTLS is closed.
      if (browser === 'chromium') expect(dead.every((reading) => reading.bytesSentPerSecond > 10_000)).to.equal(true);
    });

    it('measures loss each way: a few percent, and 30 % random loss', () => {
      for (const reading of readingsOf(fixture.scenarios.loss3)) expect(reading.packetLossPercent).to.be.within(2, 10);
      for (const reading of readingsOf(fixture.scenarios.loss30)) expect(reading.packetLossPercent).to.be.within(15, 50);
    });

    it('never reads NaN from missing or malformed fields', () => {
      const bare = edited(fixture.scenarios.connected[0], (stat) => ({ id: stat.id, type: stat.type }));
      const odd = edited(fixture.scenarios.connected[0], (stat) => ({ ...stat, bytesReceived: 'many', packetsLost: NaN, jitter: null }));
      const empty: CapturedSample = { at: 0, stats: [] };
      for (const captured of [bare, odd, empty]) {
        const sample = toSample(captured);
        const reading = compareSamples(sample, { ...sample, at: sample.at + 1000 });
        for (const [field, value] of [...Object.entries(sample), ...Object.entries(reading)]) {
          if (typeof value === 'number') expect(Number.isFinite(value), field).to.equal(true);
        }
        expect(sample).to.include({ inboundBytes: 0, inboundPacketsLost: 0 });
        expect(sample.inboundJitter).to.deep.equal({});
      }
      expect(toSample(bare)).to.include({ selectedPairId: null, roundTripTimeMs: null, availableOutgoingBitrate: null, farEndFractionLost: null });
    });
  });
}

describe('compareSamples: counters that go backwards', () => {
  let chromium: StatsFixture;
  let firefox: StatsFixture;
  before(async () => {
    [chromium, firefox] = await Promise.all([loadStatsFixture('chromium'), loadStatsFixture('firefox')]);
  });

  const quiet = (at: number, changes: Partial<StatsSample> = {}): StatsSample => ({
    at,
    inboundBytes: 5000,
    inboundPackets: 50,
    inboundPacketsLost: 2,
    outboundBytes: 5000,
    selectedPairId: 'pair-1',
    pairBytesReceived: 7000,
    pairBytesSent: 7000,
    roundTripTimeMs: 20,
    availableOutgoingBitrate: null,
    inboundJitter: {},
    farEndFractionLost: 0,
    farEndReports: 4,
    ...changes,
  });

  it('takes a real pair switch (Chromium, early in a call) as a fresh baseline, not a dead link', () => {
    const [switched] = readingsOf(chromium.scenarios.sendOnly.slice(0, 2));
    const [before, after] = chromium.scenarios.sendOnly.slice(0, 2).map(toSample);
    expect(after.selectedPairId).not.to.equal(before.selectedPairId);
    expect(after.pairBytesReceived).to.be.lessThan(before.pairBytesReceived);
    expect(switched).to.include({ alive: true, baseline: true });
    expect(switched.bytesSentPerSecond).to.be.at.least(0);
  });

  it("takes a new connection's smaller counters as a fresh baseline: no negative rate, no false death", () => {
    const oldConnection = toSample(chromium.scenarios.loss30[4]);
    const newConnection = { ...toSample(chromium.scenarios.connected[0]), at: oldConnection.at + 1000 };
    const reading = compareSamples(oldConnection, newConnection);
    expect(reading).to.include({ alive: true, baseline: true, bytesReceivedPerSecond: 0, packetLossPercent: 0 });
    expect(reading.bytesSentPerSecond).to.be.at.least(0);
    const sameStats = compareSamples(quiet(0), quiet(1000, { inboundBytes: 10, inboundPackets: 1, outboundBytes: 10 }));
    expect(sameStats).to.include({ alive: true, baseline: true, bytesReceivedPerSecond: 0, bytesSentPerSecond: 0, packetLossPercent: 0 });
  });

  it('does not take a far-end report that goes away (Firefox, after the far end closed) as a reset', () => {
    const [, closing] = readingsOf(firefox.scenarios.peerClosed);
    expect(closing.baseline).to.equal(false);
  });

  it('reads no negative loss when late duplicates shrink packetsLost', () => {
    const reading = compareSamples(quiet(0), quiet(1000, { inboundBytes: 6000, inboundPackets: 60, inboundPacketsLost: 1 }));
    expect(reading).to.include({ alive: true, baseline: false, packetLossPercent: 0 });
  });

  it('reads a baseline, not Infinity, when no time passed', () => {
    const reading = compareSamples(quiet(1000), quiet(1000, { inboundBytes: 6000 }));
    expect(reading).to.include({ baseline: true, bytesReceivedPerSecond: 0 });
  });
});

describe('compareSamples: the alive rule, one piece of evidence at a time', () => {
  const base = readStatsSample(new Map() as unknown as RTCStatsReport, 0);
  const start: StatsSample = { ...base, selectedPairId: 'pair-1', inboundBytes: 100, pairBytesReceived: 100, farEndReports: 3 };
  const later = (changes: Partial<StatsSample>): StatsSample => ({ ...start, at: 1000, ...changes });

  it('is alive on inbound media, on pair bytes received, or on a new far-end report', () => {
    expect(compareSamples(start, later({ inboundBytes: 900 })).alive).to.equal(true);
    expect(compareSamples(start, later({ pairBytesReceived: 180 })).alive).to.equal(true);
    expect(compareSamples(start, later({ farEndReports: 4 })).alive).to.equal(true);
  });

  it('is dead when only our own counters move', () => {
    const reading = compareSamples(start, later({ outboundBytes: 30_000, pairBytesSent: 31_000 }));
    expect(reading).to.include({ alive: false, baseline: false, bytesSentPerSecond: 30_000 });
  });

  it('is dead, not a baseline, when the selected pair goes away', () => {
    expect(compareSamples(start, later({ selectedPairId: null, pairBytesReceived: 0 }))).to.include({ alive: false, baseline: false });
  });

  it("shows the far end's loss of our media when what we receive is clean", () => {
    expect(compareSamples(start, later({ inboundBytes: 900, inboundPackets: 50, farEndFractionLost: 0.25 })).packetLossPercent).to.equal(25);
  });
});
