// Shared by lifeline.html and raw.html, so that both pages are timed by exactly the same code:
// the harness calls window.bench.start() on page A, then on page B, and reads what B returns.

/** Milestones of this page, relative to t0 (B's join), kept for the harness's timeout reports. */
export const marks = {};
let t0 = 0;

export function startClock() {
  t0 = performance.now();
}

/** Records a milestone once (later repeats, e.g. a second 'connected', are ignored). */
export function mark(name) {
  if (!(name in marks)) marks[name] = Math.round((performance.now() - t0) * 10) / 10;
  return marks[name];
}

/**
 * Resolves when the first frame of the stream's video is decoded and handed to the compositor.
 * The stream may still lack its video track (a track event can bring audio first): the element
 * picks the track up when it is added to the same stream.
 */
export function firstVideoFrame(stream) {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video); // rendered, so the frame callback really fires
  video.play().catch(() => {}); // autoplay covers it; play() only hurries it along
  return new Promise((resolve) => {
    if ('requestVideoFrameCallback' in video) {
      video.requestVideoFrameCallback(() => resolve(mark('firstFrame')));
      return;
    }
    // Fallback for a browser without rVFC: coarser, it can only see the frame after the fact.
    const poll = setInterval(() => {
      if (video.readyState >= 2 && video.videoWidth > 0) {
        clearInterval(poll);
        resolve(mark('firstFrame'));
      }
    }, 5);
  });
}

/**
 * Installs the page's entry points. `start({ role, room })` joins the room; on page B it
 * resolves with the milestones once both 'connected' and 'firstFrame' are reached.
 * `stop()` leaves cleanly, so the server drops the member at once instead of holding it.
 */
export function expose({ start, stop }) {
  window.bench = { start, stop, marks };
}
