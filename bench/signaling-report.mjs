// Turns the signaling bench's raw figures (bench/signaling.mjs) into figures per step and per
// reconnect, and those into the printed lines.
import { machineBusyPercent, processCpuPercent } from './cpu-sample.mjs';

/** The p-th percentile (0-100) of `values`, nearest rank; undefined when there are none. */
export function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const total = (counts) => Object.values(counts).reduce((sum, n) => sum + n, 0);
/** What each count grew by from `before` to `after`, leaving out the ones that did not. */
function grew(after = {}, before = {}) {
  const out = {};
  for (const [key, value] of Object.entries(after)) if (value - (before[key] ?? 0) > 0) out[key] = value - (before[key] ?? 0);
  return out;
}
const listed = (counts) =>
  total(counts) === 0
    ? '0'
    : Object.entries(counts)
        .map(([key, n]) => `${n} ${key}`)
        .join(', ');
const ms = (value) => (value === undefined ? '-' : value < 10 ? value.toFixed(1) : String(Math.round(value)));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (value) => `${Math.round(value)} %`;

/** One step's figures: the ramp's rate and refusals, the hold's latencies, CPU and memory, and everything lost. */
export function stepFigures(step, targets) {
  const { joined, start, settled, holdStart, holdEnd, drained, serverStart, serverHoldStart, serverHoldEnd, memory, idle, machine } = step;
  const { joined: joins = 0, ...refused } = joined.outcomes;
  const rampSeconds = joined.lastJoinedAt ? (joined.lastJoinedAt - joined.firstAt) / 1000 : undefined;
  const relay = holdEnd.rtt.map((rtt) => rtt / 2);
  const lost = {
    ...(drained.counts.pingsLost > start.counts.pingsLost ? { 'heartbeats unanswered': drained.counts.pingsLost - start.counts.pingsLost } : {}),
    ...grew(drained.ackFailures, start.ackFailures),
    ...grew(drained.refusedAfterJoin, start.refusedAfterJoin),
    ...(drained.callsExpected > drained.callsSetUp ? { 'call sides not set up': drained.callsExpected - drained.callsSetUp } : {}),
  };
  const disconnects = grew(drained.disconnects, start.disconnects);
  const connections = memory?.connections ?? 0;
  const figures = {
    nodes: step.nodes ?? 1,
    participants: step.participants,
    joinsPerSecond: rampSeconds ? joins / Math.max(rampSeconds, 1e-3) : undefined,
    joins,
    joinMs: { p50: percentile(joined.joinMs, 50), p99: percentile(joined.joinMs, 99) },
    relayMs: { p50: percentile(relay, 50), p99: percentile(relay, 99), n: relay.length },
    ackMs: { p50: percentile(holdEnd.ack, 50), p99: percentile(holdEnd.ack, 99) },
    serverCpu: { ramp: processCpuPercent(serverStart, serverHoldStart), hold: serverHoldEnd ? processCpuPercent(serverHoldStart, serverHoldEnd) : undefined },
    // Each node's own, and Redis's, in a cluster: the server figure is their sum.
    nodeCpu: serverHoldEnd?.nodes ? serverHoldEnd.nodes.map((end, i) => processCpuPercent(serverHoldStart.nodes[i], end)) : undefined,
    redisCpu: serverHoldEnd?.redis && serverHoldStart.redis ? processCpuPercent(serverHoldStart.redis, serverHoldEnd.redis) : undefined,
    clientCpu: holdEnd.processes.map((end, i) => ({
      ramp: processCpuPercent(start.processes[i], holdStart.processes[i]),
      hold: processCpuPercent(holdStart.processes[i], end),
    })),
    machineBusy: { ramp: machineBusyPercent(machine.start, machine.holdStart), hold: machineBusyPercent(machine.holdStart, machine.holdEnd) },
    loopDelayMs: { server: serverHoldEnd?.loopDelayMs, clients: holdEnd.processes.map((p) => p.loopDelayMs) },
    connections,
    rssPerConnection: connections ? (memory.memory.rss - idle.memory.rss) / connections : undefined,
    heapPerConnection: connections ? (memory.memory.heapUsed - idle.memory.heapUsed) / connections : undefined,
    recoveryBufferBytes: memory?.recoveryBufferBytes,
    retried: grew(drained.connectErrors, start.connectErrors),
    callSides: { setUp: settled.callsSetUp, expected: settled.callsExpected },
    serverErrors: memory ? grew(memory.logged.errors, serverStart.logged.errors) : {},
    serverErrorSamples: memory?.logged.samples ?? [],
    refused,
    lost,
    disconnects,
  };
  const why = [];
  if (total(refused) > 0) why.push('joins refused');
  if (total(lost) > 0) why.push('messages lost');
  if (total(disconnects) > 0) why.push('connections dropped');
  if (!(figures.relayMs.p99 <= targets.relayP99Ms)) why.push(`relay p99 over ${targets.relayP99Ms} ms`);
  if (step.serverGone) why.push('the server did not answer');
  figures.held = why.length === 0;
  figures.why = why;
  return figures;
}

export const STEP_HEADER = [
  '  participants  joins/s  relay p50/p99 ms  ack p50/p99 ms  server CPU  clients CPU  machine busy  RSS/conn  heap/conn  refused  lost  dropped  held',
];

const delays = (d) => (d ? `${ms(d.p99)}/${ms(d.max)}` : '-');
const cpuAndWait = (c) => `${pct(c.cpu)}${c.wait === undefined ? '' : ` (waited ${pct(c.wait)})`}`;

/** The step's table row, then lines of what lies behind it. */
export function stepLines(f) {
  const row =
    `  ${String(f.participants).padStart(12)}  ${(f.joinsPerSecond === undefined ? '-' : f.joinsPerSecond.toFixed(0)).padStart(7)}` +
    `  ${`${ms(f.relayMs.p50)} / ${ms(f.relayMs.p99)}`.padStart(16)}  ${`${ms(f.ackMs.p50)} / ${ms(f.ackMs.p99)}`.padStart(14)}` +
    `  ${(f.serverCpu.hold === undefined ? '-' : pct(f.serverCpu.hold.cpu)).padStart(10)}  ${f.clientCpu
      .map((c) => pct(c.hold.cpu))
      .join(' ')
      .padStart(11)}` +
    `  ${(f.machineBusy.hold === undefined ? '-' : pct(f.machineBusy.hold)).padStart(12)}` +
    `  ${(f.rssPerConnection === undefined ? '-' : kb(f.rssPerConnection)).padStart(8)}  ${(f.heapPerConnection === undefined ? '-' : kb(f.heapPerConnection)).padStart(9)}` +
    `  ${String(total(f.refused)).padStart(7)}  ${String(total(f.lost)).padStart(4)}  ${String(total(f.disconnects)).padStart(7)}  ${f.held ? 'yes' : 'NO'}`;
  const buffer = f.recoveryBufferBytes == null ? '?' : `${(f.recoveryBufferBytes / 2 ** 20).toFixed(1)} MiB`;
  const details = [
    `      ramp: ${f.joins} joined, join to welcome p50 ${ms(f.joinMs.p50)} ms, p99 ${ms(f.joinMs.p99)} ms; call sides set up ${f.callSides.setUp} of ${f.callSides.expected}; ` +
      `CPU: server ${cpuAndWait(f.serverCpu.ramp)}, clients ${f.clientCpu.map((c) => cpuAndWait(c.ramp)).join(', ')}, machine busy ${f.machineBusy.ramp === undefined ? '-' : pct(f.machineBusy.ramp)}`,
    `      hold: ${f.relayMs.n} heartbeat round trips; waited for a CPU: server ${f.serverCpu.hold?.wait === undefined ? '-' : pct(f.serverCpu.hold.wait)}, clients ${f.clientCpu.map((c) => (c.hold.wait === undefined ? '-' : pct(c.hold.wait))).join(' ')}; ` +
      `event-loop delay p99/max: server ${delays(f.loopDelayMs.server)} ms, clients ${f.loopDelayMs.clients.map(delays).join(', ')} ms` +
      (f.nodeCpu ? `; CPU per node ${f.nodeCpu.map((c) => pct(c.cpu)).join(', ')}, Redis ${f.redisCpu ? pct(f.redisCpu.cpu) : '?'}` : ''),
    `      memory: ${f.connections} connections; the recovery buffer held ${buffer} of relayed messages (as JSON; in the heap figure, and larger there)`,
  ];
  if (total(f.refused))
    details.push(`      refused joins by code: ${listed(f.refused)} (join_timeout: no welcome in 15 s; not_attempted: the ramp ran out of time)`);
  if (total(f.retried)) details.push(`      connection attempts failed and retried: ${listed(f.retried)}`);
  if (total(f.lost)) details.push(`      lost: ${listed(f.lost)}`);
  if (total(f.disconnects)) details.push(`      dropped connections: ${listed(f.disconnects)}`);
  if (total(f.serverErrors)) details.push(`      server errors logged: ${listed(f.serverErrors)}; first: ${f.serverErrorSamples[0] ?? '-'}`);
  if (!f.held) details.push(`      not held: ${f.why.join(', ')}`);
  return [row, ...details];
}

/**
 * How the reconnections spread: each client's first welcome after the kill, per second from
 * the kill, and the busiest 1 s window anywhere (the target's measure: no bin edge splits a burst).
 */
export function reconnectFigures(r, targets) {
  const firstBack = new Map();
  for (const [at, participantId, recovered] of r.welcomesAgain) {
    if (at >= r.killedAt && !firstBack.has(participantId)) firstBack.set(participantId, { at, recovered });
  }
  const times = [...firstBack.values()].map((back) => back.at).sort((a, b) => a - b);
  const perSecond = [];
  for (const t of times) {
    const second = Math.floor((t - r.killedAt) / 1000);
    perSecond[second] = (perSecond[second] ?? 0) + 1;
  }
  let busiest = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j] - times[i] >= 1000) i++;
    busiest = Math.max(busiest, j - i + 1);
  }
  const share = r.expected ? busiest / r.expected : 0;
  return {
    clients: r.expected,
    back: times.length,
    recovered: [...firstBack.values()].filter((back) => back.recovered).length,
    downMs: r.listeningAt - r.killedAt,
    firstBackMs: times.length ? times[0] - r.killedAt : undefined,
    lastBackMs: times.length ? times[times.length - 1] - r.killedAt : undefined,
    perSecond: Array.from(perSecond, (n) => n ?? 0),
    busiest,
    share,
    attempts: r.after.counts.reconnectAttempts - r.before.counts.reconnectAttempts,
    paced: (r.after.counts.paced ?? 0) - (r.before.counts.paced ?? 0),
    connectErrors: grew(r.after.connectErrors, r.before.connectErrors),
    refused: grew(r.after.refusedAfterJoin, r.before.refusedAfterJoin),
    lostAcks: grew(r.after.ackFailures, r.before.ackFailures),
    callSidesBefore: { setUp: r.settledBefore.callsSetUp, expected: r.settledBefore.callsExpected },
    callSides: { setUp: r.settledAfter.callsSetUp, expected: r.settledAfter.callsExpected },
    joinedBefore: r.joined.outcomes.joined ?? 0,
    allBack: times.length === r.expected,
    overTarget: share > targets.reconnectBusiestShare,
  };
}

export function reconnectLines(f, targets) {
  return [
    `  ${f.joinedBefore} joined, call sides set up ${f.callSidesBefore.setUp} of ${f.callSidesBefore.expected}; the server was down ${f.downMs} ms (SIGKILL to listening again on the same port)`,
    `  back: ${f.back} of ${f.clients}${f.allBack ? '' : '  NOT ALL BACK'}, the first ${f.firstBackMs ?? '-'} ms after the kill, the last ${f.lastBackMs ?? '-'} ms; ` +
      `${f.recovered} recovered their session, ${f.back - f.recovered} joined afresh (the server's memory went with it)`,
    `  per second from the kill: ${f.perSecond.join(', ')}`,
    `  busiest 1 s window: ${f.busiest} (${(f.share * 100).toFixed(0)} % of the clients; target <= ${targets.reconnectBusiestShare * 100} %)${f.overTarget ? '  OVER TARGET' : ''}`,
    `  reconnection attempts ${f.attempts} (connect errors: ${listed(f.connectErrors)}); told to come back later by the node's join pacing: ${f.paced}; refused: ${listed(f.refused)}; acks failed (refused, or none in 10 s: in flight at the kill, or late after it): ${listed(f.lostAcks)}; ` +
      `call sides set up again ${f.callSides.setUp} of ${f.callSides.expected}`,
  ];
}

/** How much of the CPU the machine's other work left: a node starved by it says little about its own limit. */
const busyness = (f) =>
  `machine ${f.machineBusy.hold === undefined ? '?' : pct(f.machineBusy.hold)} busy, the server used ${f.serverCpu.hold ? pct(f.serverCpu.hold.cpu) : '?'} of a CPU and waited for one ${f.serverCpu.hold?.wait === undefined ? '?' : pct(f.serverCpu.hold.wait)} of the hold`;

/** How a configuration is named in the summary. */
export const configurationName = (nodes) => (nodes === 1 ? 'one node' : `${nodes} nodes on Redis`);

/** The summary lines: for each configuration the highest step held in order, against the target; then the reconnect. */
export function signalingSummary(steps, reconnect, targets) {
  const configurations = [...new Set(steps.map((f) => f.nodes))];
  const lines = configurations.map((nodes) => {
    const own = steps.filter((f) => f.nodes === nodes);
    let highest = null;
    for (const f of own) {
      if (!f.held) break;
      highest = f.participants;
    }
    const failedAt = own.find((f) => !f.held);
    return (
      `signaling, ${configurationName(nodes)}: highest step held: ${highest === null ? 'none' : `${highest} participants`} (target ${targets.participants} with relay p99 <= ${targets.relayP99Ms} ms, nothing refused or lost)` +
      (failedAt ? `; ${failedAt.participants} not held: ${failedAt.why.join(', ')} (${busyness(failedAt)})` : '') +
      ((highest ?? 0) < targets.participants ? '  BELOW TARGET' : '')
    );
  });
  if (lines.length === 0) lines.push('signaling: no steps run (BENCH_SIGNALING_STEPS=none)');
  const again = reconnect
    ? `mass reconnect: ${reconnect.back} of ${reconnect.clients} back${reconnect.allBack ? '' : '  NOT ALL BACK'}, busiest second ${(reconnect.share * 100).toFixed(0)} % (target <= ${targets.reconnectBusiestShare * 100} %)${reconnect.overTarget ? '  OVER TARGET' : ''}`
    : null;
  return again ? [...lines, again] : lines;
}
