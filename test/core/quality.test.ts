import { expect } from '@open-wc/testing';
import { buildQualityReport, FAIR_FROM, levelOf, POOR_FROM, QualityMeter } from '../../src/recovery/quality.js';
import type { LinkReading } from '../../src/recovery/stats-sample.js';
import type { QualityLevel } from '../../src/recovery/types.js';
import { loadStatsFixture, readingsOf, type StatsFixture } from '../helpers/stats-fixtures.js';

const clean: LinkReading = {
  alive: true,
  baseline: false,
  bytesReceivedPerSecond: 40_000,
  bytesSentPerSecond: 40_000,
  packetLossPercent: 0,
  roundTripTimeMs: 2,
  jitterMs: 3,
  availableOutgoingBitrate: 1_500_000,
};
const good = clean;
const fair: LinkReading = { ...clean, packetLossPercent: 4 };
const poor: LinkReading = { ...clean, packetLossPercent: 30 };
const dead: LinkReading = { ...clean, alive: false, bytesReceivedPerSecond: 0 };

/** The level after each reading, fed to one meter in order. */
const levels = (meter: QualityMeter, readings: LinkReading[]): QualityLevel[] => readings.map((reading) => meter.update(reading));

describe('quality level of one reading', () => {
  it('grades loss, round trip time and jitter, taking the worst', () => {
    const cases: Array<[Partial<LinkReading>, QualityLevel]> = [
      [{}, 'good'],
      [{ packetLossPercent: 1.9 }, 'good'],
      [{ packetLossPercent: FAIR_FROM.lossPercent }, 'fair'],
      [{ packetLossPercent: 5 }, 'fair'],
      [{ packetLossPercent: POOR_FROM.lossPercent }, 'poor'],
      [{ packetLossPercent: 30 }, 'poor'],
      [{ roundTripTimeMs: 299 }, 'good'],
      [{ roundTripTimeMs: FAIR_FROM.roundTripTimeMs }, 'fair'],
      [{ roundTripTimeMs: POOR_FROM.roundTripTimeMs }, 'poor'],
      [{ jitterMs: FAIR_FROM.jitterMs }, 'fair'],
      [{ jitterMs: POOR_FROM.jitterMs }, 'poor'],
      [{ packetLossPercent: 3, roundTripTimeMs: 700 }, 'poor'],
      [{ roundTripTimeMs: null, jitterMs: null }, 'good'],
      [{ alive: false }, 'lost'],
    ];
    for (const [changes, expected] of cases) expect(levelOf({ ...clean, ...changes }), JSON.stringify(changes)).to.equal(expected);
  });
});

describe('QualityMeter', () => {
  it("starts with the first reading's level", () => {
    const meter = new QualityMeter();
    expect(meter.level).to.equal(null);
    expect(meter.update(fair)).to.equal('fair');
    expect(meter.level).to.equal('fair');
  });

  it("shows lost at once when the link dies, and the link's level at once when it comes back", () => {
    const meter = new QualityMeter();
    expect(levels(meter, [good, good, good, dead, dead, good])).to.deep.equal(['good', 'good', 'good', 'lost', 'lost', 'good']);
    expect(levels(new QualityMeter(), [poor, dead, fair])).to.deep.equal(['poor', 'lost', 'fair']);
  });

  it('ignores one noisy second either way', () => {
    expect(levels(new QualityMeter(), [good, good, poor, good, good])).to.deep.equal(['good', 'good', 'good', 'good', 'good']);
    expect(levels(new QualityMeter(), [poor, poor, good, poor, poor])).to.deep.equal(['poor', 'poor', 'poor', 'poor', 'poor']);
  });

  it('gets worse after two bad readings out of three, better only after three better in a row', () => {
    expect(levels(new QualityMeter(), [good, poor, poor, poor])).to.deep.equal(['good', 'good', 'poor', 'poor']);
    expect(levels(new QualityMeter(), [good, poor, good, poor])).to.deep.equal(['good', 'good', 'good', 'poor']);
    expect(levels(new QualityMeter(), [poor, poor, fair, fair, fair, good, good, good])).to.deep.equal([
      'poor',
      'poor',
      'poor',
      'poor',
      'fair',
      'fair',
      'fair',
      'good',
    ]);
  });

  it('does not flap when a measure hovers on a threshold', () => {
    const justBelow = { ...clean, packetLossPercent: FAIR_FROM.lossPercent - 0.1 };
    const justAbove = { ...clean, packetLossPercent: FAIR_FROM.lossPercent + 0.1 };
    const seen = levels(
      new QualityMeter(),
      Array.from({ length: 12 }, (_, i) => (i % 2 ? justAbove : justBelow)),
    );
    const changes = seen.filter((level, i) => i > 0 && level !== seen[i - 1]).length;
    expect(changes, seen.join(' ')).to.be.at.most(1);
  });

  it('keeps its level over a baseline reading, which measured nothing', () => {
    const meter = new QualityMeter();
    levels(meter, [poor, poor]);
    expect(meter.update({ ...clean, baseline: true })).to.equal('poor');
    meter.update(dead);
    expect(meter.update({ ...clean, baseline: true })).to.equal('lost');
    expect(new QualityMeter().update({ ...clean, baseline: true })).to.equal('good');
  });

  it('forgets everything on reset', () => {
    const meter = new QualityMeter();
    levels(meter, [poor, poor, poor]);
    meter.reset();
    expect(meter.level).to.equal(null);
    expect(meter.update(good)).to.equal('good');
  });

  for (const browser of ['chromium', 'firefox'] as const) {
    describe(`on real readings from ${browser}`, () => {
      let fixture: StatsFixture;
      before(async () => {
        fixture = await loadStatsFixture(browser);
      });
      const finalLevel = (readings: LinkReading[]) => levels(new QualityMeter(), readings).at(-1);

      it('a clean call, a sender whose peer sends nothing, and a muted far end are good', () => {
        expect(finalLevel(readingsOf(fixture.scenarios.connected))).to.equal('good');
        expect(finalLevel(readingsOf(fixture.scenarios.sendOnly))).to.equal('good');
        expect(finalLevel(readingsOf(fixture.scenarios.farEndMuted))).to.equal('good');
      });

      it('3 % random loss is fair, 30 % is poor', () => {
        expect(levels(new QualityMeter(), readingsOf(fixture.scenarios.loss3))).to.deep.equal(['fair', 'fair', 'fair', 'fair']);
        expect(levels(new QualityMeter(), readingsOf(fixture.scenarios.loss30))).to.deep.equal(['poor', 'poor', 'poor', 'poor']);
      });

      it('a far end that closed is lost at the first dead reading', () => {
        const readings = readingsOf(fixture.scenarios.peerClosed);
        const seen = levels(new QualityMeter(), readings);
        const firstDead = readings.findIndex((reading) => !reading.alive);
        expect(firstDead).to.be.greaterThan(0);
        expect(seen[firstDead - 1]).to.equal('good');
        expect(seen.slice(firstDead).every((level) => level === 'lost')).to.equal(true);
      });
    });
  }
});

describe('buildQualityReport', () => {
  it('reports one link, rounded for display', () => {
    const reading: LinkReading = { ...clean, packetLossPercent: 3.14159, roundTripTimeMs: 12.345, jitterMs: 4.06, bytesReceivedPerSecond: 1234.6 };
    expect(buildQualityReport('ada', reading, 'fair')).to.deep.equal({
      participantId: 'ada',
      level: 'fair',
      packetLossPercent: 3.1,
      roundTripTimeMs: 12.3,
      jitterMs: 4.1,
      availableOutgoingBitrate: 1_500_000,
      bytesReceivedPerSecond: 1235,
      bytesSentPerSecond: 40_000,
    });
  });

  it('keeps what the browser did not measure as null', () => {
    const report = buildQualityReport('bob', { ...dead, roundTripTimeMs: null, jitterMs: null, availableOutgoingBitrate: null }, 'lost');
    expect(report).to.include({ level: 'lost', roundTripTimeMs: null, jitterMs: null, availableOutgoingBitrate: null, bytesReceivedPerSecond: 0 });
  });
});
