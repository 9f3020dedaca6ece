// A node:test reporter that writes `{ passed, failed, skipped }` as JSON, so the test command
// can add the end-to-end tests to the browser tests' totals.
export default async function* countingReporter(source) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.data?.details?.type === 'suite') continue;
    if (event.type === 'test:pass') totals[event.data.skip || event.data.todo ? 'skipped' : 'passed']++;
    if (event.type === 'test:fail') totals.failed++;
  }
  yield JSON.stringify(totals);
}
