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

/** The value at or below which `p` (0-1) of the values lie (nearest rank). */
export function percentile(values, p) {
  const sorted = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const TOP_CONTRIBUTORS = Number(process.env.BENCH_TOP_MODULES ?? 15);
const rows = (items, perRow) => Array.from({ length: Math.ceil(items.length / perRow) }, (_, i) => items.slice(i * perRow, (i + 1) * perRow));

/** Where a module comes from, for the per-package sums: a package's name, or Lifeline's own folder. */
const origin = (module) => {
  const [first, second] = module.split('/');
  if (['src', 'components'].includes(first)) return `lifeline ${first}/${second?.endsWith('.js') ? '*.js' : second}`;
  return first.startsWith('@') ? `${first}/${second}` : first;
};

/**
 * The CDN build's figures (bench/bundle.mjs measureBundle): the eager load and everything in
 * dist/ against their budgets, each file, and the largest modules of the eager load.
 */
export function bundleLines({ entry, files, eager, total, modules }) {
  const eagerRatio = eager.gzip / eager.budget;
  const totalRatio = total.gzip / total.budget;
  const eagerFiles = files.filter((f) => f.eager);
  const name = (file) => file.replace(/^dist\//, '');
  const eagerModules = modules.filter((m) => m.eager);
  const packages = new Map();
  for (const m of eagerModules) packages.set(origin(m.module), (packages.get(origin(m.module)) ?? 0) + m.gzip);
  return {
    table: [
      'Bundle: the CDN build in dist/, each file gzip -9 as a page fetches it (1 KB = 1024 bytes)',
      `  before a page with <video-call> can join: ${eagerFiles.map((f) => name(f.file)).join(' + ')} (${entry} and its static imports)`,
      `    ${kb(eager.gzip).padStart(9)} gzip  ${kb(eager.raw).padStart(9)} raw   budget ${kb(eager.budget)}, aim ${kb(eager.aim)}: ${eagerRatio.toFixed(2)}x the budget${over(eagerRatio, 1)}`,
      `  everything in dist/ (${files.length} files, source maps not counted)`,
      `    ${kb(total.gzip).padStart(9)} gzip  ${kb(total.raw).padStart(9)} raw   budget ${kb(total.budget)}: ${totalRatio.toFixed(2)}x${over(totalRatio, 1)}`,
      '  files                                     gzip        raw   loaded',
      ...files.map(
        (f) =>
          `    ${name(f.file).padEnd(34)} ${kb(f.gzip).padStart(9)}  ${kb(f.raw).padStart(9)}   ${f.eager ? 'up front' : `on first use${f.imports.statics.length ? `, with ${f.imports.statics.map(name).join(', ')}` : ''}`}`,
      ),
      `  the eager load by origin (each module's share of its file's gzip size, an estimate):`,
      ...rows(
        [...packages].sort((a, b) => b[1] - a[1]).map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`),
        5,
      ).map((row) => `    ${row.join(', ')}`),
      `  its ${TOP_CONTRIBUTORS} largest modules:`,
      ...eagerModules.slice(0, TOP_CONTRIBUTORS).map((m) => `    ${m.module.padEnd(58)} ${kb(m.gzip).padStart(9)}  ${kb(m.raw).padStart(9)} raw`),
    ],
    summary:
      `bundle: ${kb(eager.gzip)} gzip before joining (budget ${kb(eager.budget)}, aim ${kb(eager.aim)}, ${eagerRatio.toFixed(2)}x)${over(eagerRatio, 1)}; ` +
      `${kb(total.gzip)} for all of dist/ (budget ${kb(total.budget)}, ${totalRatio.toFixed(2)}x)${over(totalRatio, 1)}`,
  };
}

/** One progress line per call, so a slow or failing run is visible as it happens. */
export function runLine(kind, index, runs, result, error) {
  const label = index < 0 ? 'warm-up  ' : `run ${String(index + 1).padStart(2)}/${runs}`;
  if (error) return `  ${label}  ${kind.padEnd(8)}  FAILED: ${error.message}`;
  const { navigation: n, join: j } = result;
  return `  ${label}  ${kind.padEnd(8)}  from navigation: ready ${ms(n.ready).padStart(7)}  connected ${ms(n.connected).padStart(7)}  first frame ${ms(n.firstFrame).padStart(7)}   from join: first frame ${ms(j.firstFrame).padStart(7)}`;
}

/**
 * Medians of each kind from B's navigation (the budget: a person opening a link) and from its
 * join, and each Lifeline kind's ratio to the raw floor. The target is the <video-call> page's.
 */
export function setupLines(results, failures, name = 'call setup') {
  const stats = {};
  for (const [kind, list] of Object.entries(results)) {
    const of = (clock, key) => median(list.map((r) => r[clock][key]));
    const frames = list.map((r) => r.navigation.firstFrame);
    stats[kind] = {
      n: list.length,
      ready: of('navigation', 'ready'),
      connected: of('navigation', 'connected'),
      firstFrame: of('navigation', 'firstFrame'),
      min: Math.min(...frames),
      max: Math.max(...frames),
      joinFirstFrame: of('join', 'firstFrame'),
    };
  }
  const raw = stats.raw;
  const ratio = (s, key) => (s[key] !== undefined && raw[key] ? s[key] / raw[key] : undefined);
  const x = (value) => (value === undefined ? '-' : `${value.toFixed(2)}x`);
  const row = (label, s) =>
    `  ${label.padEnd(9)} ${String(s.n).padStart(2)}  ${ms(s.ready).padStart(7)}  ${ms(s.connected).padStart(9)}  ${ms(s.firstFrame).padStart(11)}  ${(s.n ? `${Math.round(s.min)}-${Math.round(s.max)} ms` : '-').padStart(13)}   ${ms(s.joinFirstFrame).padStart(11)}`;
  const ratioRow = (label, s) =>
    `  ${label.padEnd(12)} ${x(ratio(s, 'ready')).padStart(7)}  ${x(ratio(s, 'connected')).padStart(9)}  ${x(ratio(s, 'firstFrame')).padStart(11)}  ${''.padStart(13)}   ${x(ratio(s, 'joinFirstFrame')).padStart(11)}`;
  const lifeline = stats.lifeline;
  const frameRatio = ratio(lifeline, 'firstFrame');
  const table = [
    `${name[0].toUpperCase()}${name.slice(1)} on page B, medians: from its navigation (page load, getUserMedia and join included), and from its join`,
    '  page         n    ready  connected  first frame        min-max   from join: first frame',
    row('element', lifeline),
    row('engine', stats.engine),
    row('raw', raw),
    `${ratioRow('element/raw', lifeline)}${frameRatio > SETUP_TARGET ? '   OVER TARGET' : ''}`,
    ratioRow('engine/raw', stats.engine),
    ...failures.map((f) => `  FAILED ${f.kind} ${f.index < 0 ? 'warm-up' : `run ${f.index + 1}`}: ${f.message.split('\n')[0]}`),
  ];
  const summary =
    `${name}: <video-call> ${ms(lifeline.firstFrame)} from navigation, raw ${ms(raw.firstFrame)}, ratio ${x(frameRatio)} (target <= ${SETUP_TARGET}x); ` +
    `from join ${x(ratio(lifeline, 'joinFirstFrame'))}; the engine alone ${x(ratio(stats.engine, 'firstFrame'))} from navigation` +
    (frameRatio === undefined ? '  NO RESULT' : over(frameRatio, SETUP_TARGET));
  return { table, summary };
}

/**
 * The recovery table: per scenario, median detection against its target, and after the lift the
 * bytes arriving and the frames shown, the frames against the target (they are what a person sees).
 */
export function recoveryLines(results, { detectTarget, resumeTarget }) {
  const table = ['Recovery (median of each; the worse side of the call counts)'];
  const summary = [];
  for (const { scenario, detected, resumed, shown, failures } of results) {
    const d = median(detected);
    const r = median(resumed);
    const f = median(shown);
    const ratio = (value, target) => (value === undefined ? '-' : `${(value / target).toFixed(2)}x${over(value / target, 1)}`);
    table.push(
      `  ${scenario.name.padEnd(22)} n=${detected.length}${failures ? ` (${failures} failed)` : ''}  fault to reconnecting ${ms(d).padStart(7)} (target ${ms(detectTarget)}, ${ratio(d, detectTarget)})` +
        `  lift to bytes ${ms(r).padStart(7)}  lift to frames shown ${ms(f).padStart(7)} (target ${ms(resumeTarget)}, ${ratio(f, resumeTarget)})`,
    );
    summary.push(
      `recovery ${scenario.name}: noticed in ${ms(d)} (${ratio(d, detectTarget)}), frames shown again ${ms(f)} after the lift (${ratio(f, resumeTarget)}; bytes ${ms(r)})`,
    );
  }
  return { table, summary };
}

const msFine = (value) => (value === undefined ? '-' : `${value.toFixed(2)} ms`);
const micros = (value) => (value === undefined ? '-' : `${value < 100 ? value.toFixed(1) : Math.round(value)} µs`);
const times = (value) => (value === undefined || !Number.isFinite(value) ? '-' : `${value.toFixed(2)}x`);
const percent = (share) => (share === undefined ? '-' : `${Math.round(share * 100)} %`);

/**
 * Joins with tokens against joins on the open server: median and p95 one at a time and many at
 * once, the servers' CPU per join, tokens/open for each; the target is the medians'.
 */
export function joinTokenLines({ one, many, cpuPerJoin, verifyMicros, sequential, batches, batchSize }, target) {
  const figures = (kind) => [median(one[kind]), percentile(one[kind], 0.95), median(many[kind]), percentile(many[kind], 0.95), cpuPerJoin[kind]];
  const open = figures('open');
  const tokens = figures('tokens');
  const ratios = tokens.map((value, i) => value / open[i]);
  const overMedians = ratios[0] > target || ratios[2] > target;
  const row = (label, [oneMedian, oneP95, manyMedian, manyP95, cpu], show = msFine, showCpu = micros) =>
    `  ${label.padEnd(12)} ${show(oneMedian).padStart(9)} ${show(oneP95).padStart(9)}   ${show(manyMedian).padStart(9)} ${show(manyP95).padStart(9)}   ${showCpu(cpu).padStart(9)}`;
  return {
    table: [
      `Join tokens: the connection attempt to the welcome, ${sequential} joins one at a time and ${batches} x ${batchSize} at once on each server, interleaved`,
      `               one at a time          ${String(batchSize).padStart(2)} at once            server CPU`,
      '  server          median       p95      median       p95    per join',
      row('open', open),
      row('tokens', tokens),
      `${row('tokens/open', ratios, times, times)}${overMedians ? '   OVER TARGET' : ''}`,
      `  one HS256 token verified (the verifier createTokenVerifier returns, in this process): ${micros(verifyMicros.backToBack)} back to back, ${micros(verifyMicros.afterIdle)} after ${verifyMicros.idleMs} ms idle, as between joins`,
    ],
    summary:
      `join tokens: a join takes ${msFine(tokens[0])} with a token, ${msFine(open[0])} open, ratio ${times(ratios[0])} (target <= ${target}x); ` +
      `${batchSize} at once ${times(ratios[2])}; server CPU per join ${times(ratios[4])}; one verification ${micros(verifyMicros.afterIdle)} (${micros(verifyMicros.backToBack)} back to back)` +
      (overMedians ? '  OVER TARGET' : ''),
  };
}

/** One progress line per relay round. */
export function relayRoundLine(kind, index, rounds, r) {
  const label = index < 0 ? 'warm-up  ' : `round ${index + 1}/${rounds}`;
  return (
    `  ${label}  ${kind.padEnd(9)}  ${Math.round(r.perSecond)} msg/s  server ${micros(r.serverMicrosPerMessage)} per message, ${percent(r.serverBusy)} busy  clients ${percent(r.clientsBusy)}  latency ${msFine(median(r.latencies))} / p95 ${msFine(percentile(r.latencies, 0.95))}` +
    (index >= 0 && !r.steady ? '  (starved: not counted)' : '')
  );
}

/**
 * The relay with limits on, off and unchecked, medians of the steady rounds (latency over all of
 * them), and the ratios of server CPU per message: on/off against the target, on/unchecked for
 * scale. A ratio is the median of the rounds' own ratios (each round's kinds ran back to back,
 * so drift cancels), shown with the middle half of them: how far the machine moves it.
 */
export function relayLines({ results, messages, rooms, offered, rounds, measureMs }, { sizes, messagesPerSecond, target, steadyShare }) {
  const stats = {};
  for (const [kind, all] of Object.entries(results)) {
    const list = all.filter((r) => r.steady);
    const latencies = list.flatMap((r) => r.latencies);
    stats[kind] = {
      n: list.length,
      perSecond: median(list.map((r) => r.perSecond)),
      cpu: median(list.map((r) => r.serverMicrosPerMessage)),
      serverBusy: median(list.map((r) => r.serverBusy)),
      clientsBusy: median(list.map((r) => r.clientsBusy)),
      latency: median(latencies),
      p95: percentile(latencies, 0.95),
    };
  }
  const paired = (a, b) =>
    results[a].flatMap((r, i) => (r.steady && results[b][i].steady ? [r.serverMicrosPerMessage / results[b][i].serverMicrosPerMessage] : []));
  const spread = (ratios) =>
    ratios.length < 2 ? '' : `, the middle half of ${ratios.length} rounds ${times(percentile(ratios, 0.25))}-${times(percentile(ratios, 0.75))}`;
  const onOff = paired('on', 'off');
  const onUnchecked = paired('on', 'unchecked');
  const ratio = median(onOff);
  const starved = Object.entries(stats).filter(([, s]) => s.n < rounds / 2);
  const checking = median(onUnchecked);
  const row = (label, s) =>
    `  ${label.padEnd(10)} ${String(s.n).padStart(2)}  ${(s.n ? `${Math.round(s.perSecond)}/s` : '-').padStart(8)}   ${micros(s.cpu).padStart(9)}   ${percent(s.serverBusy).padStart(6)}   ${percent(s.clientsBusy).padStart(6)}   ${msFine(s.latency).padStart(8)}  ${msFine(s.p95).padStart(8)}`;
  return {
    table: [
      `Relay within the limits: ${rooms} rooms of two, every connection sending ${messagesPerSecond} SIGNALs a second to the other (ICE candidates of ${sizes.candidate} B, ` +
        `every ${sizes.sdpEvery}th an SDP of ${(sizes.sdp / 1024).toFixed(1)} KB), ${offered.toLocaleString('en')} a second offered; ${rounds} rounds of ${measureMs / 1000} s each, interleaved; ` +
        `medians of the n rounds that relayed at least ${percent(steadyShare)} of the offer`,
      '  limits      n   relayed  server CPU   server  clients   latency       p95',
      '                           per message    busy     busy    median',
      row('on', stats.on),
      row('off', stats.off),
      row('unchecked', stats.unchecked),
      `  on/off       server CPU per message ${times(ratio)}${spread(onOff)} (target <= ${target}x)${over(ratio, target)}`,
      `  on/unchecked server CPU per message ${times(checking)}${spread(onUnchecked)} (the check itself, which off runs too)`,
      ...starved.map(([kind, s]) => `  ${kind}: only ${s.n} of ${rounds} rounds steady; the machine is too busy for these figures`),
      `  limits on: none of ${messages.on.toLocaleString('en')} messages refused`,
    ],
    summary:
      `relay: server CPU per message ${micros(stats.on.cpu)} with limits on, ${micros(stats.off.cpu)} off, ratio ${times(ratio)}${spread(onOff)} (target <= ${target}x); ` +
      `against no check at all ${times(checking)}; ${Math.round(stats.on.perSecond)} messages a second relayed, none refused` +
      (ratio === undefined ? '  NO RESULT' : over(ratio, target)) +
      (starved.length > 0 ? '  (few steady rounds: machine too busy)' : ''),
  };
}
