// A browser host: runs inside one test host's namespace (`ip netns exec <ns> node browser-host.mjs
// '<json>'`, spawned with an IPC channel, which `ip netns exec` passes on), serves the rig page
// on that namespace's own localhost (a secure context, and `lo` is never faulted), opens it in
// Chromium or Firefox, and answers the orchestrator's requests over IPC:
//   { id, op: 'evaluate', source }  -> { id, ok, value | error }  (source: a JS expression)
//   { id, op: 'crash' }             -> SIGKILL of the browser: no LEAVE, no pagehide
//   { id, op: 'close' }             -> closes the browser (the orchestrator then disconnects)
// It sends { op: 'ready', pageUrl } once the page is up. It exits, killing its browser, when
// the orchestrator disconnects or dies (IPC 'disconnect').
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { serveStatic } from '../../../build/server/static-files.js';
import { chromiumArgs, chromiumPath, firefoxPath, firefoxPrefs } from '../../helpers/browsers.mjs';

if (!process.send || process.argv.length < 3) {
  console.error('browser-host.mjs is started by rig.mjs with an IPC channel and a JSON argument.');
  process.exit(2);
}

/** { browser: 'chromium' | 'firefox', query: { signaling, room, id, name, recovery? } } */
const config = JSON.parse(process.argv[2]);
const dir = (path) => fileURLToPath(new URL(path, import.meta.url));
const roots = [
  { prefix: '/dist/', dir: dir('../../../dist') },
  { prefix: '/', dir: dir('./page') },
];

let browser = null;
let page = null;

function killBrowser() {
  const pid = browser?.process()?.pid;
  if (!pid) return;
  // Puppeteer starts the browser in its own process group: take every helper process with it.
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

process.on('disconnect', () => {
  killBrowser();
  process.exit(0);
});

const http = createServer((req, res) => {
  serveStatic(roots, req, res)
    .then((served) => served || res.writeHead(404).end())
    .catch(() => res.writeHead(500).end());
});
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));

const log = (line) => process.stderr.write(`${Date.now()} [${config.browser} ${config.query.id}] ${line}\n`);

try {
  browser =
    config.browser === 'firefox'
      ? await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath, headless: true, extraPrefsFirefox: firefoxPrefs, timeout: 30_000 })
      : await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 30_000 });
  page = await browser.newPage();
  page.on('console', (message) => log(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => log(`pageerror: ${error.message}`));
  const query = new URLSearchParams(
    Object.entries(config.query)
      .filter(([, v]) => v != null)
      .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
  const pageUrl = `http://localhost:${http.address().port}/rig.html?${query}`;
  await page.goto(pageUrl, { timeout: 20_000 });
  await page.waitForFunction(() => Boolean(window.rig), { timeout: 20_000, polling: 50 });
  process.send({ op: 'ready', pageUrl });
} catch (error) {
  process.send({ op: 'failed', error: String(error?.stack ?? error) });
  killBrowser();
  process.exit(1);
}

const handlers = {
  evaluate: ({ source }) => page.evaluate(source),
  crash: async () => {
    killBrowser();
    return true;
  },
  close: async () => {
    await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    killBrowser();
    return true;
  },
};

process.on('message', async ({ id, op, ...request }) => {
  try {
    if (!handlers[op]) throw new Error(`unknown op ${op}`);
    const value = await handlers[op](request);
    process.send({ id, ok: true, value: value === undefined ? null : value });
  } catch (error) {
    process.send({ id, ok: false, error: String(error?.message ?? error) });
  }
});
