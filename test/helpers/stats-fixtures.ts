import { compareSamples, readStatsSample, type LinkReading, type StatsSample } from '../../src/recovery/stats-sample.js';

/** One getStats() result as captured: `stats` is the report's entries, `at` the page's clock. */
export interface CapturedSample {
  at: number;
  stats: Array<{ id: string; type: string } & Record<string, unknown>>;
}

export type StatsScenario = 'connected' | 'sendOnly' | 'receiveOnly' | 'farEndMuted' | 'peerClosed' | 'loss3' | 'loss30';

export interface StatsFixture {
  /** How and where the samples were captured. */
  captured: string;
  notes: Partial<Record<StatsScenario, string>>;
  scenarios: Record<StatsScenario, CapturedSample[]>;
}

export type CapturingBrowser = 'chromium' | 'firefox';

/** Real getStats() output captured from each browser (see the fixture's `captured` note). */
export async function loadStatsFixture(browser: CapturingBrowser): Promise<StatsFixture> {
  const response = await fetch(new URL(`../core/fixtures/${browser}-stats.json`, import.meta.url));
  if (!response.ok) throw new Error(`fixture ${browser}: HTTP ${response.status}`);
  return (await response.json()) as StatsFixture;
}

/** A captured sample as the RTCStatsReport it came from (a read-only map by id). */
export function toReport(sample: CapturedSample): RTCStatsReport {
  return new Map(sample.stats.map((stat) => [stat.id, stat])) as unknown as RTCStatsReport;
}

export function toSample(captured: CapturedSample): StatsSample {
  return readStatsSample(toReport(captured), captured.at);
}

/** The reading of each interval between consecutive captured samples. */
export function readingsOf(samples: CapturedSample[]): LinkReading[] {
  const totals = samples.map(toSample);
  return totals.slice(1).map((current, i) => compareSamples(totals[i], current));
}
