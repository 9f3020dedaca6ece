import type { MediaDevicesLike } from '../../src/index.js';
import { countFrames } from './media-playback.js';

// How the tests share a screen in each browser. Chromium shares its fake screen through the real
// getDisplayMedia (the run's --use-fake-device-for-media-stream and --use-fake-ui-for-media-stream
// give a moving 800x600 "screen" with a fake sound, no picker). Headless Firefox has no screen to
// capture (getDisplayMedia fails with NotFoundError even after a real click), so there the share
// comes from a device layer of the host's own, as a host's virtual screen would: a canvas that
// moves, through the engine's `mediaDevices`. Everything after the capture is the same code.

export const isFirefox = navigator.userAgent.includes('Firefox');

const timers = new Set<ReturnType<typeof setInterval>>();

/** A moving 800x600 canvas as a screen capture, with the calls' own devices for the camera. */
function canvasScreens(): MediaDevicesLike {
  const devices = navigator.mediaDevices;
  return {
    getUserMedia: (constraints) => devices.getUserMedia(constraints),
    enumerateDevices: () => devices.enumerateDevices(),
    async getDisplayMedia() {
      const canvas = document.createElement('canvas');
      canvas.width = 800;
      canvas.height = 600;
      const context = canvas.getContext('2d')!;
      let frame = 0;
      const timer = setInterval(() => {
        frame++;
        context.fillStyle = `hsl(${(frame * 7) % 360} 60% 50%)`;
        context.fillRect(0, 0, 800, 600);
        context.fillStyle = '#fff';
        context.font = '48px sans-serif';
        context.fillText(`slide ${frame}`, 40 + (frame % 200), 300);
      }, 50);
      timers.add(timer);
      return canvas.captureStream(15);
    },
  };
}

/** The engine option that makes a screen share possible in this browser: none in Chromium. */
export function screenCaptureOptions(): { mediaDevices?: MediaDevicesLike } {
  return isFirefox ? { mediaDevices: canvasScreens() } : {};
}

/** Stops drawing every canvas screen made so far. */
export function stopCanvasScreens(): void {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
}

/**
 * Plays `stream` in a muted video on the page and checks that its picture moves over `ms`: a
 * width, its clock advancing and new frames presented (a clock alone also runs on a frozen picture).
 */
export async function expectFramesAdvancing(stream: MediaStream, ms = 2000): Promise<{ width: number; advanced: number; frames: number }> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.body.append(video);
  try {
    await video.play();
    const deadline = performance.now() + 10_000;
    while (video.videoWidth === 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const before = video.currentTime;
    const counter = countFrames(video);
    await new Promise((r) => setTimeout(r, ms));
    const frames = counter.stop();
    const advanced = video.currentTime - before;
    if (video.videoWidth === 0 || advanced < ms / 2000 || frames < 3) {
      throw new Error(`the picture did not move: videoWidth ${video.videoWidth}, ${advanced.toFixed(2)} s and ${frames} frames in ${ms} ms`);
    }
    return { width: video.videoWidth, advanced, frames };
  } finally {
    video.srcObject = null;
    video.remove();
  }
}
