// Exploratory measurements of how browsers and the engine behave under a fault on host A (the
// caller). Not a test: it asserts nothing, it prints timelines relative to the fault's start.
//
//   node test/e2e/fault-rig/explore.mjs <scenario> [browserA,browserB] [--json file]
//
// Scenarios: media (UDP cut 10 s), media-long (30 s), all (everything cut 25 s), signaling (TCP to the server cut
// 10 s), loss (30 % UDP loss 20 s, RTP stats every 2 s), restart-ice (UDP cut; restartIce() on
// A at 5 s; lift at 10 s; a second restartIce() if not back 20 s after the lift).
// Needs root and `npm run build`.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { startRig } from './rig.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : null;
const [scenario = 'media', pair = 'chromium,chromium'] = args;

const RESTART = '[...rig.engine.peerConnections.values()].forEach((pc) => pc.restartIce()), Date.now()';
const BACK = 'Object.values(rig.pcStates()).every((s) => s === "connected") && rig.flowing(300)';

/** Cuts, waits, lifts, watches; resolves to the scenario's own marks and samples. */
async function cutFor(rig, kind, cutMs, watchMs, during) {
  const fault = await rig.fault('a', kind);
  const extra = during ? await during(fault) : {};
  await sleep(Math.max(0, fault.at + cutMs - Date.now()));
  const liftedAt = await fault.lift();
  await sleep(watchMs);
  return { faultAt: fault.at, liftedAt, ...extra };
}

const SCENARIOS = {
  media: (rig) => cutFor(rig, 'media', 10_000, 30_000),
  'media-long': (rig) => cutFor(rig, 'media', 30_000, 30_000),
  all: (rig) => cutFor(rig, 'all', 25_000, 40_000),
  signaling: (rig) => cutFor(rig, 'signaling', 10_000, 20_000),
  loss: (rig) =>
    cutFor(rig, { loss: 0.3 }, 20_000, 10_000, async (fault) => {
      const samples = [{ at: Date.now(), a: await rig.a.evaluate('rig.rtp()'), b: await rig.b.evaluate('rig.rtp()') }];
      while (Date.now() < fault.at + 20_000 - 1_000) {
        await sleep(2_000);
        samples.push({ at: Date.now(), a: await rig.a.evaluate('rig.rtp()'), b: await rig.b.evaluate('rig.rtp()') });
      }
      return { samples };
    }),
  'restart-ice': async (rig) => {
    const fault = await rig.fault('a', 'media');
    await sleep(fault.at + 5_000 - Date.now());
    const marks = { faultAt: fault.at, restarts: [await rig.a.evaluate(RESTART)] };
    await sleep(fault.at + 10_000 - Date.now());
    marks.liftedAt = await fault.lift();
    marks.backByItself = await rig.a.waitFor(BACK, { timeoutMs: 20_000 }).then(
      () => Date.now(),
      () => null,
    );
    if (!marks.backByItself) {
      marks.restarts.push(await rig.a.evaluate(RESTART));
      marks.backAfterSecondRestart = await rig.a.waitFor(BACK, { timeoutMs: 20_000 }).then(
        () => Date.now(),
        () => null,
      );
    }
    await sleep(5_000);
    return marks;
  },
};

const INTERESTING = new Set([
  'state',
  'peer-state',
  'rig:ice',
  'rig:pc',
  'transport-status',
  'call-ended',
  'participant-left',
  'participant-joined',
  'remote-stream-added',
  'remote-stream-removed',
  'error',
  'recovery',
  'rig:ufrag',
]);
const secs = (ms) => {
  if (ms === null || ms === undefined) return 'never';
  const s = Math.round(ms / 100) / 10;
  return `${s >= 0 ? '+' : ''}${s.toFixed(1)}s`;
};

function describe(entry) {
  const d = entry.data ?? {};
  if (entry.event === 'state') return `state ${d.previous} -> ${d.state}`;
  if (entry.event === 'peer-state') return `connectionState ${d.state}`;
  if (entry.event === 'rig:ice') return `iceConnectionState ${d.iceConnectionState}`;
  if (entry.event === 'rig:pc') return 'new RTCPeerConnection';
  if (entry.event === 'rig:ufrag') return `ufrag local ${d.local} remote ${d.remote}`;
  if (entry.event === 'transport-status') return `transport ${d.status}${d.status === 'connected' ? ` recovered=${d.recovered}` : ''}`;
  return `${entry.event} ${JSON.stringify(d)}`;
}

/** The gap in media that the fault caused, relative to the lift: when it resumed, if it did. */
function mediaAfterLift(flow, marks, endAt) {
  const gap = flow.gaps.find((g) => g.resumedAt > marks.faultAt && g.stoppedAt < marks.liftedAt + 60_000);
  if (gap) return { stoppedAt: secs(gap.stoppedAt - marks.faultAt), resumedAfterLift: secs(gap.resumedAt - marks.liftedAt) };
  const stalled = endAt - flow.lastGrewAt > 300;
  return stalled ? { stoppedAt: secs(flow.lastGrewAt - marks.faultAt), resumedAfterLift: 'never' } : { gap: 'none' };
}

/** Loss scenario: per 2 s interval, inbound loss by kind and what the sender's RTCP says. */
function lossTable(samples, host) {
  const rows = [];
  for (let i = 1; i < samples.length; i++) {
    const [before, after] = [samples[i - 1][host], samples[i][host]];
    for (const id of Object.keys(after)) {
      for (const kind of ['audio', 'video']) {
        const x = after[id].inbound[kind];
        const y = before[id]?.inbound[kind];
        if (!x || !y) continue;
        const lost = x.packetsLost - y.packetsLost;
        const received = x.packetsReceived - y.packetsReceived;
        const remote = after[id].remoteInbound[kind] ?? {};
        rows.push(
          `${secs(samples[i].at - samples[0].at)} ${kind}: +${received} received, +${lost} lost (${((100 * lost) / Math.max(1, lost + received)).toFixed(0)} %), ` +
            `kB/s ${((x.bytesReceived - y.bytesReceived) / 2048).toFixed(0)}; remote fractionLost ${remote.fractionLost?.toFixed?.(2) ?? '-'} rtt ${remote.roundTripTime ?? '-'} s`,
        );
      }
    }
  }
  return rows;
}

async function main() {
  if (!SCENARIOS[scenario]) throw new Error(`unknown scenario ${scenario}: ${Object.keys(SCENARIOS).join(', ')}`);
  const browsers = pair.split(',');
  const rig = await startRig({ browsers, log: process.env.RIG_DEBUG ? (line) => console.error(line) : undefined });
  try {
    await rig.waitConnected({ timeoutMs: 30_000 });
    await sleep(3_000); // let the bitrate ramp up so the fault hits a call in its steady state
    const load = loadavg()[0].toFixed(2);
    const marks = await SCENARIOS[scenario](rig);
    const endAt = Date.now();
    const report = { scenario, browsers, load, marks: { liftedAt: secs(marks.liftedAt - marks.faultAt) }, hosts: {} };
    for (const host of [rig.a, rig.b]) {
      const timeline = (await host.timeline()).filter((e) => e.at >= marks.faultAt - 500 && INTERESTING.has(e.event));
      report.hosts[host.id] = {
        events: timeline.map((e) => `${secs(e.at - marks.faultAt)} ${describe(e)}`),
        media: mediaAfterLift(await host.flow(), marks, endAt),
        final: await host.evaluate('({ state: rig.state(), pcs: rig.pcStates(), tiles: rig.tiles(), flowing: rig.flowing() })'),
      };
      if (marks.samples) report.hosts[host.id].loss = lossTable(marks.samples, host.id);
    }
    for (const key of ['restarts', 'backByItself', 'backAfterSecondRestart']) {
      if (key in marks) report.marks[key] = [marks[key]].flat().map((t) => (t ? secs(t - marks.faultAt) : 'never'));
    }
    report.server = rig.server.log
      .map((line) => line.split(' '))
      .filter(([at]) => Number(at) >= marks.faultAt - 500)
      .map(([at, ...rest]) => `${secs(Number(at) - marks.faultAt)} ${rest.join(' ')}`);
    console.log(JSON.stringify(report, null, 2));
    if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ ...report, raw: marks }, null, 2));
  } finally {
    await rig.close();
  }
}

await main();
