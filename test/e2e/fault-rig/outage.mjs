// One fault, measured: applied on a host for a while, lifted, and read back from both pages'
// timelines. Shared by the recovery tests (which bound the figures generously) and the bench
// (which reports them against the targets).
import { startRig, withTimeout } from './rig.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `body` with a fresh rig whose call is up, and always closes the rig (namespaces, rules,
 * browsers); the rig's log is attached to a failure.
 */
export async function withRig(options, body) {
  const rig = await startRig(options);
  try {
    await rig.waitConnected({ timeoutMs: 30_000 });
    await body(rig);
  } catch (error) {
    error.message += `\n--- rig log (last 30 lines) ---\n${rig.logs.slice(-30).join('\n')}`;
    throw error;
  } finally {
    await rig.close();
  }
}

/**
 * @param {object} rig a started, connected rig
 * @param {object} options
 * @param {'a'|'b'} [options.host] where the fault goes (A, the caller, by default)
 * @param {*} options.kind a fault kind of faults.mjs
 * @param {number} options.durationMs how long the fault lasts
 * @param {number} [options.resumeTimeoutMs] how long media may take to come back after the lift
 * @returns {Promise<{ faultAt, liftedAt, detectedMs, resumedMs, shownMs, timelines, flows }>} where
 *   detectedMs is, per host, fault start to its first `reconnecting` state (null if none),
 *   resumedMs is, per host, the lift to the first inbound bytes after it (null if never), and
 *   shownMs is, per host, the lift to the first frame its <video-call> shows after it (null if never).
 */
export async function runOutage(rig, { host = 'a', kind, durationMs, resumeTimeoutMs = 30_000 }) {
  await waitMonitored(rig);
  const fault = await rig.fault(host, kind);
  await sleep(durationMs);
  const liftedAt = await fault.lift();
  const resumed = `rig.flow.lastGrewAt > ${liftedAt} && rig.frames.lastShownAt > ${liftedAt}`;
  await withTimeout(
    Promise.all([rig.a.waitFor(resumed, { timeoutMs: resumeTimeoutMs }), rig.b.waitFor(resumed, { timeoutMs: resumeTimeoutMs })]),
    resumeTimeoutMs + 5_000,
    'media after the lift',
  ).catch(() => {});
  return readOutage(rig, fault.at, liftedAt);
}

/**
 * Waits until both engines' health monitors have judged the link alive (a quality report other
 * than `lost` in the last two seconds): before that a new connection is still in its warm-up,
 * where silence is forgiven, and a fault would measure the warm-up instead of the ladder.
 */
export async function waitMonitored(rig, timeoutMs = 20_000) {
  const check = `rig.timeline.some((e) => e.event === 'quality' && e.data.level !== 'lost' && e.at > Date.now() - 2000)`;
  await Promise.all([rig.a.waitFor(check, { timeoutMs }), rig.b.waitFor(check, { timeoutMs })]);
}

/**
 * After the lift, when something came back: the end of the first gap that ends after it, or 0
 * when it never stopped; null when it has not come back. Works on the byte flow
 * (`lastGrewAt`) and on the frames shown (`lastShownAt`) alike.
 */
function backAfter({ gaps, last }, liftedAt) {
  const gap = gaps.find((g) => g.resumedAt >= liftedAt);
  if (gap) return gap.resumedAt - liftedAt;
  return last !== null && last > liftedAt ? 0 : null;
}

/** Reads both hosts' timelines, media flow and frames shown, and derives the outage's figures. */
export async function readOutage(rig, faultAt, liftedAt) {
  const hosts = { a: rig.a, b: rig.b };
  const timelines = {};
  const flows = {};
  const detectedMs = {};
  const resumedMs = {};
  const shownMs = {};
  for (const [id, host] of Object.entries(hosts)) {
    timelines[id] = await host.timeline();
    flows[id] = await host.flow();
    const frames = await host.frames();
    // The page's clock and the rig's may differ by a millisecond or two.
    const reconnecting = timelines[id].find((e) => e.event === 'state' && e.data.state === 'reconnecting' && e.at >= faultAt - 50);
    detectedMs[id] = reconnecting ? Math.max(0, reconnecting.at - faultAt) : null;
    resumedMs[id] = backAfter({ gaps: flows[id].gaps, last: flows[id].lastGrewAt }, liftedAt);
    shownMs[id] = backAfter({ gaps: frames.gaps, last: frames.lastShownAt }, liftedAt);
  }
  return { faultAt, liftedAt, detectedMs, resumedMs, shownMs, timelines, flows };
}

/** The events of one kind (and matching `where`) a host recorded between two instants. */
export function eventsOf(timeline, event, { from = 0, to = Infinity, where = () => true } = {}) {
  return timeline.filter((e) => e.event === event && e.at >= from && e.at <= to && where(e.data));
}

/** Recovery steps as "step:reason", in order. */
export function stepsOf(timeline, options) {
  return eventsOf(timeline, 'recovery', options).map((e) => `${e.data.step}:${e.data.reason}`);
}

/** The worst of two hosts' figures, or null when either is missing. */
export function worst(figures) {
  const values = Object.values(figures);
  return values.some((v) => v === null) ? null : Math.max(...values);
}
