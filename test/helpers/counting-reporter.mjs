import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { whyBrowserSkipCouldRun } from './skip-policy.mjs';

function count(suite, totals, where, browserName) {
  for (const test of suite?.tests ?? []) {
    const couldRun = test.skipped ? whyBrowserSkipCouldRun(browserName) : null;
    if (test.skipped && !couldRun) totals.skipped++;
    else if (test.passed && !couldRun) totals.passed++;
    else {
      totals.failed++;
      totals.failures.push(`${where} > ${[...(suite.name ? [suite.name] : []), test.name].join(' > ')}: ${couldRun ?? firstLine(test.error?.message)}`);
    }
  }
  for (const child of suite?.suites ?? []) count(child, totals, suite.name ? `${where} > ${suite.name}` : where, browserName);
}

const firstLine = (message) =>
  String(message ?? 'failed')
    .split('\n')[0]
    .slice(0, 300);

/**
 * Counts tests over every browser and writes the totals, so the test command can end with a
 * plain `N passed, N failed, N skipped` line. A test file that failed to load counts as one
 * failure, and so does a test skipped in a browser where it could have run (skip-policy.mjs).
 */
export function countingReporter({ file, serverLog }) {
  return {
    onTestRunFinished({ sessions }) {
      // failures: one line per failing test, which the test command prints again just before
      // its summary, so the end of a long log says what failed.
      const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
      for (const session of sessions) {
        const where = `${session.browser?.name ?? 'browser'} ${relative(process.cwd(), session.testFile)}`;
        const failedBefore = totals.failed;
        count(session.testResults, totals, where, session.browser?.name);
        // A file that failed to load, or threw outside a test, still counts as a failure.
        if (!session.passed && totals.failed === failedBefore) {
          totals.failed++;
          totals.failures.push(`${where}: ${firstLine(session.errors?.[0]?.message ?? 'did not run to the end')}`);
        }
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(totals));
      if (process.env.LIFELINE_SERVER_LOG) writeFileSync(process.env.LIFELINE_SERVER_LOG, serverLog.join('\n') + '\n');
    },
  };
}
