import { relative } from 'node:path';
import { probeMachine, whySkipCouldRun } from './skip-policy.mjs';

// A node:test reporter that writes `{ passed, failed, skipped }` as JSON, so the test command
// can add the end-to-end tests to the browser tests' totals, and name the failing ones. A skip
// where the machine has what the skip names counts as failed (see skip-policy.mjs).
export default async function* countingReporter(source) {
  const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const machine = probeMachine();
  const where = (data) => `${relative(process.cwd(), data.file ?? '')} > ${data.name}`;
  for await (const event of source) {
    const suite = event.data?.details?.type === 'suite';
    if (event.type === 'test:pass') {
      const skipped = event.data.skip || event.data.todo;
      // A skipped suite reports only itself, not the tests it holds: count it as one.
      if (suite && !skipped) continue;
      const couldRun = event.data.skip ? whySkipCouldRun(event.data.skip, machine) : null;
      if (couldRun) {
        totals.failed++;
        totals.failures.push(`${where(event.data)}: ${couldRun}`);
      } else totals[skipped ? 'skipped' : 'passed']++;
    }
    if (event.type === 'test:fail' && !suite) {
      totals.failed++;
      const message = String(event.data.details?.error?.cause?.message ?? event.data.details?.error?.message ?? 'failed');
      totals.failures.push(`${where(event.data)}: ${message.split('\n')[0].slice(0, 300)}`);
    }
  }
  yield JSON.stringify(totals);
}
