// Recovery figures on real faults: for a 10 s media blackhole and a 25 s cut of everything on
// the caller's host, the time from the fault to the `reconnecting` state, and from the lift to
// media bytes arriving again and to the first frame the <video-call>'s remote video shows (what
// the person sees, and what the target is about), each side, the worse side counted. Uses the test suite's fault
// rig (network namespaces, iptables; needs root). One rig per scenario, faults repeated on it.
import { waitMonitored, runOutage, worst } from '../test/e2e/fault-rig/outage.mjs';
import { startRig } from '../test/e2e/fault-rig/rig.mjs';
import { whyNoNetns } from '../test/e2e/fault-rig/netns.mjs';

export const DETECT_TARGET_MS = 4_000;
export const RESUME_TARGET_MS = 3_000;

export const SCENARIOS = [
  { name: 'media blackhole 10 s', kind: 'media', durationMs: 10_000 },
  { name: 'everything cut 25 s', kind: 'all', durationMs: 25_000 },
];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why the recovery bench cannot run here, or null. */
export const whyNoRecoveryBench = whyNoNetns;

/** Runs every scenario `runs` times; calls `onRun` after each; resolves to figures per scenario. */
export async function benchRecovery({ runs, browser = 'chromium', signal, onRun }) {
  const results = [];
  for (const scenario of SCENARIOS) {
    const figures = { scenario, detected: [], resumed: [], shown: [], failures: 0 };
    results.push(figures);
    const rig = await startRig({ browsers: [browser, browser] });
    const abort = () => void rig.close();
    signal?.addEventListener('abort', abort);
    try {
      await rig.waitConnected({ timeoutMs: 30_000 });
      for (let run = 0; run < runs; run++) {
        signal?.throwIfAborted();
        try {
          const outage = await runOutage(rig, { kind: scenario.kind, durationMs: scenario.durationMs });
          const detected = worst(outage.detectedMs);
          const resumed = worst(outage.resumedMs);
          const shown = worst(outage.shownMs);
          if (detected === null || resumed === null || shown === null) figures.failures++;
          if (detected !== null) figures.detected.push(detected);
          if (resumed !== null) figures.resumed.push(resumed);
          if (shown !== null) figures.shown.push(shown);
          onRun?.(scenario, run, { detected, resumed, shown, perHost: outage });
          // Let the call settle (recovered, monitored again) before the next fault.
          await rig.waitConnected({ timeoutMs: 30_000 });
          await sleep(2_000);
          await waitMonitored(rig);
        } catch (error) {
          figures.failures++;
          onRun?.(scenario, run, null, error);
          break;
        }
      }
    } finally {
      signal?.removeEventListener('abort', abort);
      await rig.close();
    }
  }
  return results;
}
