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

/** Resolves once the page's <video-call> shows `count` remote videos, each with frames. */
export function remoteVideosPlaying(page, count, { timeout = 60_000 } = {}) {
  return page.waitForFunction(
    (n) => {
      const videos = [...(document.querySelector('video-call')?.shadowRoot?.querySelectorAll('[part~="remote-video"]') ?? [])];
      return videos.length === n && videos.every((video) => video.videoWidth > 0 && video.currentTime > 0);
    },
    { timeout, polling: 200 },
    count,
  );
}

/**
 * Starts watching, in the page, each remote video of its <video-call>: loads (`loadstart`) and
 * presented frames (requestVideoFrameCallback), keyed by participant. Read with readRemoteVideos.
 */
export function watchRemoteVideos(page) {
  return page.evaluate(() => {
    const watched = new Map();
    for (const video of document.querySelector('video-call').shadowRoot.querySelectorAll('[part~="remote-video"]')) {
      const entry = { video, loadstarts: 0, frames: 0, startTime: video.currentTime };
      video.addEventListener('loadstart', () => entry.loadstarts++);
      const onFrame = () => {
        entry.frames++;
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      watched.set(video.dataset.participantId, entry);
    }
    window.lifelineRemoteVideos = watched;
  });
}

/**
 * What each watched video did since watchRemoteVideos: `advanced` seconds of playback, frames
 * shown, loads, and whether the tile now holds another <video> (a reload a counter cannot see).
 */
export function readRemoteVideos(page) {
  return page.evaluate(() => {
    const shown = new Map(
      [...document.querySelector('video-call').shadowRoot.querySelectorAll('[part~="remote-video"]')].map((v) => [v.dataset.participantId, v]),
    );
    return [...window.lifelineRemoteVideos].map(([participantId, { video, loadstarts, frames, startTime }]) => ({
      participantId,
      advanced: video.currentTime - startTime,
      frames,
      loadstarts,
      paused: video.paused,
      replaced: shown.get(participantId) !== video,
    }));
  });
}
