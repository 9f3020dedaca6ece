// Turns the measurements into the printed tables and the two summary lines.

export const SETUP_TARGET = 1.25; // Lifeline's first frame may take at most 1.25x the raw floor

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value) => (value === undefined ? '-' : `${Math.round(value)} ms`);
const over = (ratio, limit) => (ratio > limit ? '  OVER TARGET' : '');

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function bundleLines({ raw, gzip, budget }) {
  const ratio = gzip / budget;
  return {
    table: [
      'Bundle size: dist/lifeline.min.js (1 KB = 1024 bytes)',
      `  raw       ${kb(raw).padStart(9)}  ${String(raw).padStart(7)} B`,
      `  gzip -9   ${kb(gzip).padStart(9)}  ${String(gzip).padStart(7)} B   budget ${kb(budget)}, ${ratio.toFixed(2)}x${over(ratio, 1)}`,
    ],
    summary: `bundle: ${kb(gzip)} gzip (budget ${kb(budget).replace('.0 ', ' ')}, ${ratio.toFixed(2)}x)${over(ratio, 1)}`,
  };
}

/** One progress line per call, so a slow or failing run is visible as it happens. */
export function runLine(kind, index, runs, result, error) {
  const label = index < 0 ? 'warm-up  ' : `run ${String(index + 1).padStart(2)}/${runs}`;
  if (error) return `  ${label}  ${kind.padEnd(8)}  FAILED: ${error.message}`;
  return `  ${label}  ${kind.padEnd(8)}  ready ${ms(result.ready).padStart(7)}  connected ${ms(result.connected).padStart(7)}  first frame ${ms(result.firstFrame).padStart(7)}`;
}

export function setupLines(results, failures, name = 'call setup') {
  const stats = {};
  for (const [kind, list] of Object.entries(results)) {
    const frames = list.map((r) => r.firstFrame);
    stats[kind] = {
      n: list.length,
      ready: median(list.map((r) => r.ready)),
      connected: median(list.map((r) => r.connected)),
      firstFrame: median(frames),
      min: Math.min(...frames),
      max: Math.max(...frames),
    };
  }
  const { lifeline: l, raw: r } = stats;
  const ratio = (key) => (l[key] !== undefined && r[key] ? l[key] / r[key] : undefined);
  const x = (value) => (value === undefined ? '-' : `${value.toFixed(2)}x`);
  const row = (name, s) =>
    `  ${name.padEnd(9)} ${String(s.n).padStart(2)}  ${ms(s.ready).padStart(7)}  ${ms(s.connected).padStart(9)}  ${ms(s.firstFrame).padStart(11)}   ${s.n ? `${Math.round(s.min)}-${Math.round(s.max)} ms` : '-'}`;
  const frameRatio = ratio('firstFrame');
  const table = [
    `${name[0].toUpperCase()}${name.slice(1)} on page B, from just before join() (its getUserMedia included); medians`,
    '             n    ready  connected  first frame   first frame min-max',
    row('lifeline', l),
    row('raw', r),
    `  ${'ratio'.padEnd(12)} ${x(ratio('ready')).padStart(7)}  ${x(ratio('connected')).padStart(9)}  ${x(frameRatio).padStart(11)}${frameRatio > SETUP_TARGET ? '   OVER TARGET' : ''}`,
    ...failures.map((f) => `  FAILED ${f.kind} ${f.index < 0 ? 'warm-up' : `run ${f.index + 1}`}: ${f.message.split('\n')[0]}`),
  ];
  const summary =
    `${name}: lifeline ${ms(l.firstFrame)}, raw ${ms(r.firstFrame)}, ratio ${x(frameRatio)} (target <= ${SETUP_TARGET}x)` +
    (frameRatio === undefined ? '  NO RESULT' : over(frameRatio, SETUP_TARGET));
  return { table, summary };
}

/** The recovery table: per scenario, median detection and resume against their targets. */
export function recoveryLines(results, { detectTarget, resumeTarget }) {
  const table = ['Recovery (median of each; the worse side of the call counts)'];
  const summary = [];
  for (const { scenario, detected, resumed, failures } of results) {
    const d = median(detected);
    const r = median(resumed);
    const ratio = (value, target) => (value === undefined ? '-' : `${(value / target).toFixed(2)}x${over(value / target, 1)}`);
    table.push(
      `  ${scenario.name.padEnd(22)} n=${detected.length}${failures ? ` (${failures} failed)` : ''}  fault to reconnecting ${ms(d).padStart(7)} (target ${ms(detectTarget)}, ${ratio(d, detectTarget)})` +
        `  lift to media ${ms(r).padStart(7)} (target ${ms(resumeTarget)}, ${ratio(r, resumeTarget)})`,
    );
    summary.push(`recovery ${scenario.name}: noticed in ${ms(d)} (${ratio(d, detectTarget)}), media back in ${ms(r)} (${ratio(r, resumeTarget)})`);
  }
  return { table, summary };
}
