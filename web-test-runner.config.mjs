// Runs every browser test in real Chromium and real Firefox (Debian's builds, fake camera and
// microphone) against the real reference server, started here for the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { turnCredential } from './build/server/ice-config.js';
import { startSignalingServer } from './build/server/signaling-server.js';
import { chromiumArgs, chromiumPath, firefoxPath, firefoxPrefs, firefoxWebAudioPrefs } from './test/helpers/browsers.mjs';
import { chromiumTurnArgs, freeTurnPort, startCoturn, turnCertificate } from './test/helpers/coturn.mjs';
import { countingReporter } from './test/helpers/counting-reporter.mjs';
import { heapCommandPlugin } from './test/helpers/heap-command.mjs';
import { startNatStun } from './test/helpers/nat-stun.mjs';
import { reactAsEsm } from './test/helpers/react-esm.mjs';
import { strictCspMiddleware } from './test/helpers/strict-csp.mjs';

// Real coturn on loopback, with the TURN REST secret; the browsers only ever see credentials.
const coturn = await startCoturn();
const { spki } = turnCertificate();
const { urls: turnUrls } = coturn;
// A STUN server that answers as if through a NAT, for srflx candidates on loopback.
const natStun = await startNatStun();
const relayVia = (...urls) => ({ icePolicy: 'relay', turn: [{ urls, secret: coturn.secret }] });

// The recording sink writes into a folder of this run's own, removed when the run ends.
const recordingsFolder = mkdtempSync(join(tmpdir(), 'lifeline-test-recordings-'));

const serverLog = [];
const server = await startSignalingServer({
  recordings: { folder: recordingsFolder },
  // Per organisation, as an operator would set it up; the tests pick one with `?org=`.
  iceConfig: {
    default: { stun: [turnUrls.stun], turn: [{ urls: [turnUrls.udp, turnUrls.tcp], secret: coturn.secret }] },
    orgs: {
      'relay-udp': relayVia(turnUrls.udp),
      'relay-tcp': relayVia(turnUrls.tcp),
      'relay-tls': relayVia(turnUrls.tls),
      // Credentials that expire a few seconds after they are issued.
      'short-lived': { ...relayVia(turnUrls.udp), ttlSeconds: Number(process.env.LIFELINE_TEST_SHORT_TTL ?? 4) },
      'wrong-secret': { icePolicy: 'relay', turn: [{ urls: [turnUrls.udp], secret: 'not-the-secret-coturn-has' }] },
    },
  },
  port: 0,
  host: '127.0.0.1',
  // Short, so the tests of presence expiry do not wait five minutes.
  recoveryWindowMs: Number(process.env.LIFELINE_TEST_RECOVERY_MS ?? 6000),
  // Every test page of both browsers connects from this one machine's address, hundreds of
  // joins a minute: the per-address limits (tested on servers of their own) would refuse them.
  addressLimits: { connections: 10_000, joinsPerMinute: 1_000_000, iceConfigsPerMinute: 1_000_000, recordingsPerMinute: 1_000_000 },
  log: (line) => serverLog.push(line),
});

// A second reference server with join tokens on, whose dev-token endpoint signs them for the tests.
const tokenServer = await startSignalingServer({
  port: 0,
  host: '127.0.0.1',
  tokens: { secret: 'the-test-run-token-secret-0123456789' },
  devTokens: true,
  iceConfig: { default: { stun: [turnUrls.stun], turn: [{ urls: [turnUrls.udp], secret: coturn.secret }] } },
  recordings: { folder: recordingsFolder },
  addressLimits: { connections: 10_000, joinsPerMinute: 1_000_000, iceConfigsPerMinute: 1_000_000, recordingsPerMinute: 1_000_000 },
  log: (line) => serverLog.push(line),
});

const chromium = chromeLauncher({
  launchOptions: { executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...chromiumTurnArgs(spki)] },
});

const firefoxWith = (prefs) =>
  chromeLauncher({
    puppeteer: puppeteerCore,
    launchOptions: { browser: 'firefox', executablePath: firefoxPath, headless: true, extraPrefsFirefox: prefs },
  });

const only = process.env.LIFELINE_BROWSERS?.split(',');
const pick = (firefox) =>
  [
    ['chromium', chromium],
    ['firefox', firefox],
  ]
    .filter(([name]) => !only || only.includes(name))
    .map(([, launcher]) => launcher);

// The tests that meter a microphone run in a Firefox with a mock audio backend (see
// browsers.mjs); everything else in a Firefox with the real one.
const webAudioFiles = [
  'test/components/sound-check.test.ts',
  'test/components/cdn.test.ts',
  'test/core/sound-meter.test.ts',
  'test/components/strict-csp.test.ts',
  'test/components/speaking.test.ts',
  'test/components/prejoin.test.ts',
];
// LIFELINE_TEST_FILES runs some files in one group: the web-audio Firefox when they are its files.
const customFiles = process.env.LIFELINE_TEST_FILES;
const customWebAudio = Boolean(customFiles && webAudioFiles.some((file) => customFiles.includes(file.split('/').pop().replace('.test.ts', ''))));

// What the test pages know of the run (test/helpers/test-env.ts).
const testEnv = {
  signalingUrl: server.url,
  tokenSignalingUrl: tokenServer.url,
  turn: {
    urls: turnUrls,
    natStun: { url: natStun.url, mappedAddress: natStun.mappedAddress },
    // A port where nothing listens, for probes that must time out.
    deadPort: await freeTurnPort(),
    // Signed with the right secret, but an hour past their expiry.
    expired: turnCredential(coturn.secret, 'expired', -3600),
  },
};

export default {
  files: customFiles ?? ['test/{core,components,server}/**/*.test.ts', ...webAudioFiles.map((file) => `!${file}`)],
  groups: customFiles ? [] : [{ name: 'web-audio', files: webAudioFiles, browsers: pick(firefoxWith(firefoxWebAudioPrefs)) }],
  nodeResolve: { browser: true, exportConditions: ['browser'] },
  middleware: [strictCspMiddleware(server.url)],
  plugins: [
    // React is CommonJS only: bundled into ES modules for the pages that render the React wrappers.
    reactAsEsm(),
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    // The leak test's forced garbage collection and heap reading (Chromium).
    heapCommandPlugin(),
    // The accessibility tree as the browser builds it (Chromium), for names axe cannot see through slots.
    a11ySnapshotPlugin(),
    {
      name: 'lifeline-reference-server',
      serverStop: () =>
        Promise.all([server.close(), tokenServer.close(), coturn.stop(), natStun.stop()]).finally(() =>
          rmSync(recordingsFolder, { recursive: true, force: true }),
        ),
    },
  ],
  browsers: pick(firefoxWith(customWebAudio ? firefoxWebAudioPrefs : firefoxPrefs)),
  concurrency: 1,
  concurrentBrowsers: 2,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 10 * 60_000,
  testFramework: { config: { timeout: 30_000 } },
  testRunnerHtml: (testFramework) => `<!doctype html>
<html>
  <body>
    <script>window.LIFELINE_TEST = ${JSON.stringify(testEnv)};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter({ file: '.cache/test-counts.json', serverLog })],
};
