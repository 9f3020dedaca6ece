// `npm run bench`: the CDN build's sizes against their budgets (what a page loads before it can
// join, and all of dist/), what join tokens and the per-connection limits cost the reference
// server, call setup time against a raw WebRTC baseline in real Chromium, and what fifty
// join/leave cycles leave open (bench/leaks.mjs). Exits 0 even when a figure is over its target
// (it says so); exits 1 only when the benchmark itself could not run, a call failed, or the
// relay's traffic was refused.
// `npm run bench -- signaling`: only how many participants one signaling node holds (not part
// of the default run: it takes minutes and loads the machine fully).
// `npm run bench -- bundle`: only the build and its sizes (seconds, no browser).
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAccess, DEFAULT_ACCESS_ROUNDS } from '../bench/access.mjs';
import { ensureBuild, measureBundle } from '../bench/bundle.mjs';
import { benchCallSetup } from '../bench/call-setup.mjs';
import { benchLeaks, DEFAULT_LEAK_CYCLES, leakLine, leakSummary } from '../bench/leaks.mjs';
import { benchRecovery, DETECT_TARGET_MS, RESUME_TARGET_MS, whyNoRecoveryBench } from '../bench/recovery.mjs';
import { bundleLines, recoveryLines, runLine, setupLines } from '../bench/report.mjs';
import { benchSignaling, signalingConfig, SIGNALING_TARGETS } from '../bench/signaling.mjs';
import { configurationName, reconnectFigures, reconnectLines, signalingSummary, STEP_HEADER, stepFigures, stepLines } from '../bench/signaling-report.mjs';
import { coturnInstalled } from '../test/helpers/coturn.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const WARMUPS = 1; // the first call in a fresh browser pays for process start-up: not counted
const RUN_TIMEOUT_MS = 20_000;
const RECOVERY_RUNS = Number(process.env.BENCH_RECOVERY_RUNS ?? 5); // 0 skips the recovery figures
const ACCESS_ROUNDS = Number(process.env.BENCH_ACCESS_ROUNDS ?? DEFAULT_ACCESS_ROUNDS); // 0 skips the access figures
const LEAK_CYCLES = Number(process.env.BENCH_LEAK_CYCLES ?? DEFAULT_LEAK_CYCLES); // 0 skips the leak figures
const TOTAL_TIMEOUT_MS = 20 * 60_000;
const SIGNALING_TIMEOUT_MS = 16 * 60_000; // about 10 minutes with the default steps, one node and two

const log = (line = '') => console.log(line);
// Other work on the machine skews the timings (both kinds alike, thanks to interleaving, but
// the spread grows): say how busy it was, so a reader can judge the figures.
const load = () => loadavg()[0].toFixed(1);
const loadAtStart = load();

const part = process.argv[2];
if (part !== undefined && part !== 'signaling' && part !== 'bundle') {
  console.error(
    `bench: unknown part ${JSON.stringify(part)}; npm run bench runs the default figures, npm run bench -- signaling the signaling node's, npm run bench -- bundle the build's sizes alone`,
  );
  process.exit(1);
}
if (part === 'signaling') process.exit(await runSignalingBench());
if (part === 'bundle') process.exit(runBundleBench());

// The whole benchmark is bounded: past the deadline the current call is aborted and everything
// is closed; should closing hang as well, the process exits anyway.
const deadline = new AbortController();
const deadlineTimer = setTimeout(() => {
  deadline.abort(new Error(`the benchmark took longer than ${TOTAL_TIMEOUT_MS / 1000} s`));
  setTimeout(() => {
    console.error('bench: cleanup did not finish in time; exiting');
    process.exit(1);
  }, 20_000).unref();
}, TOTAL_TIMEOUT_MS);

let exitCode = 0;
try {
  ensureBuild(root, log);
  const bundle = bundleLines(measureBundle(root));
  log();
  bundle.table.forEach((line) => log(line));

  // Before the browsers, which leave processes winding down: these figures are about CPU time.
  let access = [];
  log();
  if (ACCESS_ROUNDS > 0) {
    try {
      access = await benchAccess({ log, signal: deadline.signal, relayRounds: ACCESS_ROUNDS });
    } catch (error) {
      if (deadline.signal.aborted) throw error;
      access = [`access: FAILED: ${error.message}`];
      log(access[0]);
      exitCode = 1;
    }
  } else {
    log('Access: skipped (BENCH_ACCESS_ROUNDS=0)');
  }

  log();
  log(`Call setup: ${RUNS} calls each of <video-call>, the CallEngine alone and raw WebRTC, interleaved, after ${WARMUPS} warm-up each`);
  const { results, failures, browserVersion } = await benchCallSetup({
    root,
    runs: RUNS,
    warmups: WARMUPS,
    runTimeoutMs: RUN_TIMEOUT_MS,
    signal: deadline.signal,
    onRun: (kind, index, result, error) => log(runLine(kind, index, RUNS, result, error)),
  });
  const setup = setupLines(results, failures);
  log();
  log(`Chromium ${browserVersion}, fake camera and microphone, loopback`);
  const cpus = availableParallelism();
  const busy = Math.max(Number(loadAtStart), Number(load())) > cpus ? ' (busy machine: expect noisy figures)' : '';
  log(`Machine: ${cpus} CPUs, load average ${loadAtStart} at start, ${load()} at end${busy}`);
  setup.table.forEach((line) => log(line));

  // The same calls relay-only through real coturn, the engine fetching its ICE config and
  // credentials during join(); the raw page fetches its own before its join begins.
  let relaySetup = null;
  if (coturnInstalled()) {
    log();
    log(`Call setup through TURN (relay only, udp): ${RUNS} calls each, interleaved`);
    const relayed = await benchCallSetup({
      root,
      runs: RUNS,
      warmups: WARMUPS,
      runTimeoutMs: RUN_TIMEOUT_MS,
      signal: deadline.signal,
      relay: true,
      onRun: (kind, index, result, error) => log(runLine(kind, index, RUNS, result, error)),
    });
    relaySetup = setupLines(relayed.results, relayed.failures, 'call setup through TURN');
    log();
    relaySetup.table.forEach((line) => log(line));
    if (relayed.failures.length > 0) exitCode = 1;
  } else {
    log();
    log('Call setup through TURN: skipped (coturn is not installed; scripts/install-deps.sh installs it)');
  }

  let recovery = null;
  const noRecovery = RECOVERY_RUNS > 0 ? whyNoRecoveryBench() : 'BENCH_RECOVERY_RUNS=0';
  if (noRecovery) {
    log();
    log(`Recovery: skipped (${noRecovery})`);
  } else {
    log();
    log(`Recovery: ${RECOVERY_RUNS} faults per scenario on host A (the caller), Chromium to Chromium in network namespaces`);
    const outcomes = await benchRecovery({
      runs: RECOVERY_RUNS,
      signal: deadline.signal,
      onRun: (scenario, run, result, error) =>
        log(
          error
            ? `  ${scenario.name}  run ${run + 1}  FAILED: ${error.message.split('\n')[0]}`
            : `  ${scenario.name}  run ${run + 1}/${RECOVERY_RUNS}  reconnecting after ${result.detected} ms; after the lift, bytes back in ${result.resumed} ms, frames shown in ${result.shown} ms`,
        ),
    });
    recovery = recoveryLines(outcomes, { detectTarget: DETECT_TARGET_MS, resumeTarget: RESUME_TARGET_MS });
    log();
    recovery.table.forEach((line) => log(line));
    if (outcomes.some((o) => o.failures > 0)) exitCode = 1;
  }

  let leaks = null;
  log();
  if (LEAK_CYCLES > 0) {
    log(
      `Leaks: ${LEAK_CYCLES} join/leave cycles each of the CallEngine and <video-call> (both recording every call) and <voice-call>, each in a Chromium page of its own; then what the SDK left open, and the heap's growth after a forced GC`,
    );
    const results = await benchLeaks({ root, cycles: LEAK_CYCLES, signal: deadline.signal, onSubject: (result) => log(leakLine(result)) });
    leaks = leakSummary(results, LEAK_CYCLES);
    if (results.some((result) => result.error)) exitCode = 1;
  } else {
    log('Leaks: skipped (BENCH_LEAK_CYCLES=0)');
  }

  log();
  log(bundle.summary);
  log(setup.summary);
  if (relaySetup) log(relaySetup.summary);
  recovery?.summary.forEach((line) => log(line));
  access.forEach((line) => log(line));
  if (leaks) log(leaks);
  if (failures.length > 0 || Object.values(results).some((list) => list.length === 0)) {
    console.error(`bench: ${failures.length} call(s) failed`);
    exitCode = 1;
  }
} catch (error) {
  console.error(`bench: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  clearTimeout(deadlineTimer);
}
// Socket.IO and Playwright are closed by now; exit explicitly so no stray handle keeps us alive.
process.exit(exitCode);

/** `npm run bench -- bundle`: builds and prints the bundle's figures; returns the exit code. */
function runBundleBench() {
  try {
    ensureBuild(root, log);
    const bundle = bundleLines(measureBundle(root));
    log();
    bundle.table.forEach((line) => log(line));
    log();
    log(bundle.summary);
    return 0;
  } catch (error) {
    console.error(`bench: ${error.stack ?? error}`);
    return 1;
  }
}

/** `npm run bench -- signaling`: builds, runs bench/signaling.mjs within its deadline; resolves to the exit code. */
async function runSignalingBench() {
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => {
    deadline.abort(new Error(`the signaling benchmark took longer than ${SIGNALING_TIMEOUT_MS / 1000} s`));
    setTimeout(() => {
      console.error('bench: cleanup did not finish in time; exiting');
      process.exit(1);
    }, 20_000).unref();
  }, SIGNALING_TIMEOUT_MS);
  try {
    const config = signalingConfig();
    ensureBuild(root, log);
    const cpus = availableParallelism();
    log();
    log(
      `Signaling node: one reference server (startSignalingServer from the build, default limits; the per-address limits raised, as every client comes from 127.0.0.1; ` +
        `recovery buffer ${config.recoveryBufferBytes === null ? 'the default' : `${config.recoveryBufferBytes} bytes (BENCH_SIGNALING_RECOVERY_BUFFER_BYTES)`}) in a process of its own; ` +
        `${config.clientProcesses} client processes; rooms of 2-4; joins at up to ${config.joinsPerSecond}/s; steps ${config.steps.join(', ')}, each held ${config.holdSeconds} s; ` +
        `against ${config.nodes.map(configurationName).join(', then ')} (in cluster mode the server figures are the nodes' sum, Redis apart)`,
    );
    log(`Machine: ${cpus} CPUs, load average ${loadAtStart} at start (the server and the clients share them: see both CPU columns)`);
    const steps = [];
    let reconnect = null;
    const { sizes } = await benchSignaling({
      config,
      signal: deadline.signal,
      onPhase: (line) => log(`${line} (load average ${load()})`),
      onStep: (step) => {
        const figures = stepFigures(step, SIGNALING_TARGETS);
        if (steps.at(-1)?.nodes !== figures.nodes) STEP_HEADER.forEach((line) => log(line));
        steps.push(figures);
        stepLines(figures).forEach((line) => log(line));
      },
      onReconnect: (result) => {
        reconnect = reconnectFigures(result, SIGNALING_TARGETS);
        reconnectLines(reconnect, SIGNALING_TARGETS).forEach((line) => log(line));
      },
    });
    log();
    log(
      `Messages as sent (characters of JSON, checked with the build's parseOutgoing): ${Object.entries(sizes)
        .map(([type, n]) => `${type} ${n}`)
        .join(', ')}`,
    );
    log(
      `Relay latency: half the round trip of a heartbeat (SOCKET_PING to a peer in the same client process, its SOCKET_PONG back: two relays); ack: a message's send to the server's ack`,
    );
    log(`Load average ${load()} at the end (${cpus} CPUs)`);
    log();
    signalingSummary(steps, reconnect, SIGNALING_TARGETS).forEach((line) => log(line));
    return 0;
  } catch (error) {
    console.error(`bench: ${error.stack ?? error}`);
    return 1;
  } finally {
    clearTimeout(deadlineTimer);
  }
}
