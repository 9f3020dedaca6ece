// Runs every browser test in real Chromium and real Firefox (Debian's builds, fake camera and
// microphone) against the real reference server, started here for the run.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { startSignalingServer } from './build/server/signaling-server.js';
import { chromiumArgs, chromiumPath, firefoxPath, firefoxPrefs, firefoxWebAudioPrefs } from './test/helpers/browsers.mjs';
import { countingReporter } from './test/helpers/counting-reporter.mjs';

const serverLog = [];
const server = await startSignalingServer({
  port: 0,
  host: '127.0.0.1',
  // Short, so the tests of presence expiry do not wait five minutes.
  recoveryWindowMs: Number(process.env.LIFELINE_TEST_RECOVERY_MS ?? 6000),
  log: (line) => serverLog.push(line),
});

const chromium = chromeLauncher({
  launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumArgs },
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
  ].filter(([name]) => !only || only.includes(name)).map(([, launcher]) => launcher);

// The tests that meter a microphone run in a Firefox with a mock audio backend (see
// browsers.mjs); everything else in a Firefox with the real one.
const webAudioFiles = ['test/components/sound-check.test.ts', 'test/core/sound-meter.test.ts'];
// LIFELINE_TEST_FILES runs some files in one group: the web-audio Firefox when they are its files.
const customFiles = process.env.LIFELINE_TEST_FILES;
const customWebAudio = Boolean(customFiles && webAudioFiles.some((file) => customFiles.includes(file.split('/').pop().replace('.test.ts', ''))));

export default {
  files: customFiles ?? ['test/{core,components,server}/**/*.test.ts', ...webAudioFiles.map((file) => `!${file}`)],
  groups: customFiles ? [] : [{ name: 'web-audio', files: webAudioFiles, browsers: pick(firefoxWith(firefoxWebAudioPrefs)) }],
  nodeResolve: { browser: true, exportConditions: ['browser'] },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    {
      name: 'lifeline-reference-server',
      serverStop: () => server.close(),
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
    <script>window.LIFELINE_TEST = ${JSON.stringify({ signalingUrl: server.url })};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter({ file: '.cache/test-counts.json', serverLog })],
};
