import { relative } from 'node:path';

// A node:test reporter that writes `{ passed, failed, skipped }` as JSON, so the test command
// can add the end-to-end tests to the browser tests' totals, and name the failing ones.
export default async function* countingReporter(source) {
  const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for await (const event of source) {
    if (event.data?.details?.type === 'suite') continue;
    if (event.type === 'test:pass') totals[event.data.skip || event.data.todo ? 'skipped' : 'passed']++;
    if (event.type === 'test:fail') {
      totals.failed++;
      const message = String(event.data.details?.error?.cause?.message ?? event.data.details?.error?.message ?? 'failed');
      totals.failures.push(`${relative(process.cwd(), event.data.file ?? '')} > ${event.data.name}: ${message.split('\n')[0].slice(0, 300)}`);
    }
  }
  yield JSON.stringify(totals);
}
