import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

/**
 * Counts tests over every browser and writes the totals, so the test command can end with a
 * plain `N passed, N failed` line. A test file that failed to load counts as one failure.
 */
export function countingReporter({ file, serverLog }) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const failedBefore = totals.failed;
        count(session.testResults, totals);
        // A file that failed to load, or threw outside a test, still counts as a failure.
        if (!session.passed && totals.failed === failedBefore) totals.failed++;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(totals));
      if (process.env.LIFELINE_SERVER_LOG) writeFileSync(process.env.LIFELINE_SERVER_LOG, serverLog.join('\n') + '\n');
    },
  };
}
