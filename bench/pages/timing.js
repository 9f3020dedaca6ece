// Shared by lifeline.html and raw.html, so that both pages are timed by exactly the same code.
// Page A is started by the harness (window.bench.start) and waits in the room; page B is opened
// with `?role=b&room=...` and starts by itself as soon as its module runs, as a page opened from
// a link would. B's milestones are kept twice: from its navigation (performance.now() counts from
// the navigation's start) and from the moment its join began.

/** Milestones of this page: ms after navigation, and ms after join began. */
export const marks = { navigation: {}, join: {} };
let joinAt = null;

/** The moment the join begins (for Lifeline: the element's `joining` state). */
export function startClock() {
  joinAt ??= performance.now();
}

/** Records a milestone once (later repeats, e.g. a second 'connected', are ignored). */
export function mark(name) {
  if (name in marks.navigation) return;
  const now = performance.now();
  marks.navigation[name] = round(now);
  if (joinAt !== null) marks.join[name] = round(now - joinAt);
}

const round = (ms) => Math.round(ms * 10) / 10;

/**
 * Resolves when `video` presents its first frame to the compositor. The element may not have its
 * video track yet (a track event can bring audio first): it picks the track up when it arrives.
 */
export function firstFrameOf(video) {
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

/** Plays `stream` in a new <video> on the page and resolves at its first frame. */
export function firstVideoFrame(stream) {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video); // rendered, so the frame callback really fires
  video.play().catch(() => {}); // autoplay covers it; play() only hurries it along
  return firstFrameOf(video);
}

/** This page's role and room when it was opened as B, from its address; null for A. */
export function roleFromAddress() {
  const query = new URLSearchParams(location.search);
  return query.get('role') === 'b' ? { role: 'b', room: query.get('room') } : null;
}

/**
 * Installs the page's entry points. `start({ role, room })` joins the room; on page B it resolves
 * with the milestones once both 'connected' and 'firstFrame' are reached. `stop()` leaves
 * cleanly, so the server drops the member at once instead of holding it. A page opened as B
 * starts at once, and `window.bench.result` is the promise of its milestones.
 */
export function expose({ start, stop }) {
  window.bench = { start, stop, marks, result: null };
  const asB = roleFromAddress();
  if (asB) window.bench.result = start(asB).catch((error) => ({ error: String(error?.message ?? error), marks }));
}
