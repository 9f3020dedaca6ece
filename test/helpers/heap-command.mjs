// A web-test-runner command, `lifeline-heap`: collects garbage in the test's page and answers
// `{ usedSize }`, the JS heap in use in bytes, through the Chrome DevTools Protocol (the leak
// test's heap figure). `usedSize` is null where there is no CDP (Firefox, driven over BiDi).
export function heapCommandPlugin() {
  return {
    name: 'lifeline-heap',
    async executeCommand({ command, session }) {
      if (command !== 'lifeline-heap') return undefined;
      try {
        const cdp = await session.browser.getPage(session.id).createCDPSession();
        try {
          return { usedSize: await usedHeapAfterGc(cdp) };
        } finally {
          await cdp.detach();
        }
      } catch {
        return { usedSize: null };
      }
    },
  };
}

/** Collects garbage (twice: the first pass can leave what finalizers freed) and reads the heap in use. */
export async function usedHeapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}
