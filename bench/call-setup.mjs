// Times call setup in real Chromium: a page with Lifeline's <video-call>, a page with the
// CallEngine alone, and a page with a raw RTCPeerConnection, all signalling through the
// reference server started here in this process, each timed to the first frame its own <video>
// presents.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
// Debian's Chromium, headless, with a fake camera and microphone: the same flags as the tests.
import { chromiumArgs as CHROMIUM_ARGS, chromiumPath } from '../test/helpers/browsers.mjs';
import { startCoturn } from '../test/helpers/coturn.mjs';
import { BENCH_ADDRESS_LIMITS } from './server-process.mjs';

/** The pages timed: <video-call> (what the budget is about), the engine alone, and the raw floor. */
export const KINDS = ['lifeline', 'engine', 'raw'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects when `promise` takes longer than `ms`, or as soon as `signal` aborts. */
export function bounded(promise, ms, what, signal) {
  let timer;
  let onAbort;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
    onAbort = () => reject(new Error(`${what}: aborted (${signal.reason?.message ?? 'deadline'})`));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, limit]).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  });
}

/**
 * One call in a fresh room: page A opens and waits alone in the room, then page B is opened with
 * the room in its address and joins by itself, as a person opening a link would. B reports its
 * milestones in ms from its navigation and from its join. Each page gets its own browser
 * context, as two people would, so they share no renderer process, cache or storage.
 */
async function runOnce(browser, baseUrl, kind, timeoutMs, signal, relay) {
  const room = `bench-${kind}-${randomUUID().slice(0, 8)}`;
  const pages = [];
  const problems = [];
  const open = async (role) => {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => problems.push(`${role}: ${error.message}`));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(`${role}: ${msg.text()}`));
    pages.push(page);
    return page;
  };
  const query = (params) => `?${new URLSearchParams({ ...params, ...(relay ? { relay: '' } : {}) })}`;
  const work = (async () => {
    const a = await open('a');
    await a.goto(`${baseUrl}/bench/${kind}.html${query({})}`, { timeout: 10_000 });
    await a.waitForFunction(() => window.bench, null, { timeout: 5_000 });
    await a.evaluate((r) => window.bench.start({ role: 'a', room: r }), room);
    const b = await open('b');
    await b.goto(`${baseUrl}/bench/${kind}.html${query({ role: 'b', room })}`, { timeout: 10_000 });
    const result = await b.evaluate(() => window.bench.result);
    if (result.error) throw new Error(result.error);
    return result;
  })();
  try {
    return await bounded(work, timeoutMs, `${kind} run`, signal);
  } catch (error) {
    const marks = await bounded(pages[1]?.evaluate(() => window.bench?.marks) ?? Promise.resolve(null), 1_000, 'marks').catch(() => null);
    const details = [marks && `B reached ${JSON.stringify(marks)}`, ...problems.slice(0, 5)].filter(Boolean);
    throw new Error([error.message, ...details].join('\n    '));
  } finally {
    // Leave cleanly first, so the server forgets the room at once instead of holding it.
    await Promise.all(
      pages.map((page) =>
        bounded(
          page.evaluate(() => window.bench?.stop()),
          2_000,
          'stop',
        ).catch(() => {}),
      ),
    );
    await Promise.all(pages.map((page) => bounded(page.context().close(), 5_000, 'close').catch(() => {})));
  }
}

/**
 * Runs `warmups` discarded calls of each kind, then `runs` measured ones, interleaved and in
 * alternating order (L E R, R E L, ...) so that drifting machine load hits every kind alike.
 * `onRun(kind, index, result | null, error | null)` reports each call as it ends.
 */
export async function benchCallSetup({ root, runs, warmups, runTimeoutMs, signal, onRun, relay = false }) {
  const serverModule = pathToFileURL(join(root, 'build/server/signaling-server.js')).href;
  const { startSignalingServer } = await import(serverModule);
  // `relay`: real coturn on loopback, and every call relay-only over TURN udp with credentials
  // from the reference server's ICE config endpoint.
  const coturn = relay ? await startCoturn() : null;
  const server = await startSignalingServer({
    addressLimits: BENCH_ADDRESS_LIMITS,
    port: 0,
    host: '127.0.0.1',
    iceConfig: coturn ? { default: { icePolicy: 'relay', turn: [{ urls: [coturn.urls.udp], secret: coturn.secret }] } } : undefined,
    staticRoots: [
      { prefix: '/dist/', dir: join(root, 'dist') },
      { prefix: '/bench/', dir: join(root, 'bench/pages') },
    ],
    log: () => {},
  });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const results = Object.fromEntries(KINDS.map((kind) => [kind, []]));
  const failures = [];
  let browser = null;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
    for (let i = -warmups; i < runs; i++) {
      const order = Math.abs(i) % 2 === 0 ? KINDS : [...KINDS].reverse();
      for (const kind of order) {
        signal?.throwIfAborted();
        try {
          const result = await runOnce(browser, baseUrl, kind, runTimeoutMs, signal, relay);
          if (i >= 0) results[kind].push(result);
          onRun?.(kind, i, result, null);
        } catch (error) {
          if (signal?.aborted) throw error;
          failures.push({ kind, index: i, message: error.message });
          onRun?.(kind, i, null, error);
        }
        await sleep(250); // let the closed pages' processes wind down before the next call
      }
    }
    return { results, failures, browserVersion: browser.version() };
  } finally {
    await bounded(browser?.close() ?? Promise.resolve(), 10_000, 'closing Chromium').catch(() => {});
    await bounded(server.close(), 5_000, 'closing the server').catch(() => {});
    await coturn?.stop();
  }
}
