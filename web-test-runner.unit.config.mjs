// `npm run test:unit`: the fast tier. The pure modules' tests in one headless Chromium, with no
// reference server, coturn or second browser, and no build: a change to the core is checked in
// seconds. `npm test` runs these same files again among all the others, in both browsers.
//
// Chromium rather than Node: these tests use chai through @open-wc/testing like every browser
// test, and some modules lean on browser APIs (IndexedDB, fetch's Response, crypto.subtle), so one
// set of tests runs the same way in both tiers. Nothing here knows the test run's environment
// (`window.LIFELINE_TEST` is unset), so a file that reaches for a server fails loudly instead of
// quietly making this tier slow.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromiumArgs, chromiumPath } from './test/helpers/browsers.mjs';
import { unitTestFiles } from './test/unit-files.mjs';

export default {
  files: process.env.LIFELINE_TEST_FILES ?? unitTestFiles,
  nodeResolve: { browser: true, exportConditions: ['browser'] },
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumArgs } })],
  // One file at a time: with four tabs at once, the WebM test's recording (played back in a media
  // element) timed out in a tab in the background; one at a time the whole tier takes about 11 s.
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  reporters: [defaultReporter(), summaryReporter({ flatten: false })],
};
