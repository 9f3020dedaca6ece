// The page a host with a strict policy would write: the SDK as one module from its own origin,
// the elements in the markup. The test passes what only it knows in the query string.
const query = new URLSearchParams(location.search);
const signalingUrl = query.get('signaling');
const call = document.querySelector('video-call');
call.setAttribute('signaling-url', signalingUrl);
call.setAttribute('room', query.get('room'));
document.querySelector('ice-probe').setAttribute('ice-config-url', `${signalingUrl}/lifeline/ice-config`);

await import('/dist/lifeline.min.js');
// <voice-call>, <sound-check> and <ice-probe> come from chunks of their own, fetched as the page shows them.
await Promise.all(['voice-call', 'sound-check', 'ice-probe'].map((tag) => customElements.whenDefined(tag)));
window.lifelineLoaded = true;

/** Runs the recorders' ticker here for `forMs`, so the test sees what this policy does to its worker. */
window.runTicker = async (intervalMs, forMs) => {
  const { Ticker } = await import('/src/recording/ticker.ts');
  let ticks = 0;
  const ticker = new Ticker(intervalMs, () => ticks++);
  ticker.start();
  await new Promise((resolve) => setTimeout(resolve, forMs));
  ticker.stop();
  return { ticks, fellBack: ticker.fellBack };
};
