// `npm run bench`'s leak figures: for the CallEngine, <video-call> and <voice-call>, fifty
// join/leave cycles in one Chromium page of the built bundle (test/helpers/leak-cycles.mjs, the
// same cycles the leak test runs five of), then what is still open that the SDK opened and how
// much the heap grew after a forced collection. The page counts through
// test/helpers/resource-census.mjs, installed before the bundle loads.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/helpers/browsers.mjs';
import { usedHeapAfterGc } from '../test/helpers/heap-command.mjs';
import { bounded } from './call-setup.mjs';
import { BENCH_ADDRESS_LIMITS } from './server-process.mjs';

export const DEFAULT_LEAK_CYCLES = 50;
export const HEAP_GROWTH_TARGET_BYTES = 5 * 1024 * 1024;
const SUBJECTS = [
  ['engine', 'CallEngine'],
  ['video-call', '<video-call>'],
  ['voice-call', '<voice-call>'],
];
const COUNTS = [
  ['peerConnections', 'connections'],
  ['tracks', 'tracks'],
  ['sockets', 'sockets'],
  ['timers', 'timers'],
  ['workers', 'workers'],
  ['audioContexts', 'audio contexts'],
  ['globalListeners', 'global listeners'],
];

/** Runs the cycles for each subject in a page of its own; resolves to `[{ name, figures } | { name, error }]`. */
export async function benchLeaks({ root, cycles, signal, onSubject }) {
  const { startSignalingServer } = await import(pathToFileURL(join(root, 'build/server/signaling-server.js')).href);
  // <video-call> records every call into the sink, which writes into a folder of this run's own.
  const recordings = mkdtempSync(join(tmpdir(), 'lifeline-bench-leaks-'));
  const server = await startSignalingServer({
    // Fifty recordings in a minute or two from one address.
    addressLimits: { ...BENCH_ADDRESS_LIMITS, recordingsPerMinute: 1_000_000 },
    port: 0,
    host: '127.0.0.1',
    recordings: { folder: recordings },
    log: () => {},
    staticRoots: [
      { prefix: '/dist/', dir: join(root, 'dist') },
      { prefix: '/bench/', dir: join(root, 'bench/pages') },
      { prefix: '/helpers/', dir: join(root, 'test/helpers') },
    ],
  });
  let browser = null;
  const results = [];
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 30_000 });
    for (const [subject, name] of SUBJECTS) {
      signal?.throwIfAborted();
      const page = await (await browser.newContext()).newPage();
      try {
        const cdp = await page.context().newCDPSession(page);
        await page.exposeFunction('benchHeap', () => usedHeapAfterGc(cdp));
        await page.goto(`http://127.0.0.1:${server.port}/bench/leaks.html`, { timeout: 10_000 });
        await page.waitForFunction(() => window.leaks, null, { timeout: 10_000 });
        const room = `bench-leaks-${randomUUID().slice(0, 8)}`;
        const run = page.evaluate((options) => window.leaks.run(options), { subject, cycles, room });
        const figures = await bounded(run, 60_000 + cycles * 5_000, `${name} cycles`, signal);
        results.push({ name, figures });
      } catch (error) {
        if (signal?.aborted) throw error;
        results.push({ name, error: error.message.split('\n')[0] });
      } finally {
        await bounded(page.context().close(), 5_000, 'closing the page').catch(() => {});
      }
      onSubject?.(results.at(-1));
    }
    return results;
  } finally {
    await bounded(browser?.close() ?? Promise.resolve(), 10_000, 'closing Chromium').catch(() => {});
    await bounded(server.close(), 5_000, 'closing the server').catch(() => {});
    rmSync(recordings, { recursive: true, force: true });
  }
}

const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const leftOpen = (figures) => [
  ...COUNTS.filter(([key]) => figures.open[key] > 0).map(([key, label]) => `${figures.open[key]} ${label}`),
  ...(figures.recordingsRunning > 0 ? [`${figures.recordingsRunning} recordings`] : []),
];

/** One line per subject as it ends. */
export function leakLine({ name, figures, error }) {
  if (error) return `  ${name}: FAILED: ${error}`;
  const counts = [...COUNTS.map(([key, label]) => `${label} ${figures.open[key]}`), `recordings still going ${figures.recordingsRunning}`].join(', ');
  const heap = figures.heapGrowth === null ? 'heap growth unknown' : `heap growth ${megabytes(figures.heapGrowth)}`;
  const where = figures.open.sources.length > 0 ? `; still pending: ${figures.open.sources.slice(0, 3).join('; ')}` : '';
  return `  ${name.padEnd(12)} ${figures.msPerCycle} ms a cycle; left open after ${figures.settledMs} ms: ${counts}; ${heap}${where}`;
}

/** The summary line: nothing open and heap growth under the target, per subject. */
export function leakSummary(results, cycles) {
  const parts = results.map(({ name, figures, error }) => {
    if (error) return `${name} FAILED`;
    const open = leftOpen(figures);
    const heapOver = figures.heapGrowth !== null && figures.heapGrowth >= HEAP_GROWTH_TARGET_BYTES;
    const verdict = open.length === 0 && !heapOver ? 'ok' : 'OVER';
    return `${name} ${open.length === 0 ? 'nothing open' : `${open.join(', ')} open`}, heap +${megabytes(figures.heapGrowth ?? 0)} (${verdict})`;
  });
  return `Leaks after ${cycles} join/leave cycles (target: nothing open, heap growth < ${megabytes(HEAP_GROWTH_TARGET_BYTES)}): ${parts.join('; ')}`;
}
