/**
 * How this browser can take a call out of the page: `document`, an always-on-top window of our
 * own (Document Picture-in-Picture: Chromium 116+, Firefox 153 ESR); `video`, only a `<video>` in
 * the browser's own picture-in-picture (Safari); null, neither (older Firefox).
 */
export type PictureInPictureMode = 'document' | 'video';

/** Document Picture-in-Picture, which TypeScript's DOM library does not describe yet. */
export interface DocumentPictureInPicture extends EventTarget {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
  readonly window: Window | null;
}

/** Read on each render, not once: a page (or a test) may take the API away. */
export function pictureInPictureMode(): PictureInPictureMode | null {
  if ((globalThis as { documentPictureInPicture?: DocumentPictureInPicture }).documentPictureInPicture) return 'document';
  const video = globalThis.HTMLVideoElement?.prototype;
  return video && 'requestPictureInPicture' in video && globalThis.document?.pictureInPictureEnabled ? 'video' : null;
}
