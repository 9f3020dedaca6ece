// Waits on the demo pages' elements from puppeteer, shared by the end-to-end tests and the
// screenshot script.

/** Resolves once the page's <video-call> is connected and its remote video shows frames. */
export function remoteVideoPlaying(page, { timeout = 30_000 } = {}) {
  return page.waitForFunction(
    () => {
      const call = document.querySelector('video-call');
      const video = call?.shadowRoot?.querySelector('[part~="remote-video"]');
      return call?.getAttribute('state') === 'connected' && video && video.videoWidth > 0 && video.currentTime > 0;
    },
    { timeout, polling: 100 },
  );
}

/** An element's shadow part (`part~=name`), as a handle to click or read. */
export async function shadowPart(page, selector, name) {
  const handle = await page.evaluateHandle((s, n) => document.querySelector(s)?.shadowRoot?.querySelector(`[part~="${n}"]`), selector, name);
  const element = handle.asElement();
  if (!element) throw new Error(`${selector} has no part ${name}`);
  return element;
}
