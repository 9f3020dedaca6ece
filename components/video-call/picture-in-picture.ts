import { css, html, nothing, render } from 'lit';
import type { CallEngine, CallState } from '../../src/index.js';
import type { CallView } from '../controllers/call-engine-controller.js';
import { LifelinePictureInPictureEvent } from '../events/picture-in-picture-event.js';
import { iconAndLabel, toggle } from '../shared/call-controls.js';
import type { LifelineStrings } from '../strings/strings.js';
import type { DocumentPictureInPicture } from './picture-in-picture-support.js';

// <video-call>'s picture-in-picture, fetched on the first press of its button: most calls never
// leave the page. Where the browser has Document Picture-in-Picture the remote videos themselves
// move into an always-on-top window with mute, camera and hang-up (moved, not copied: a new
// <video> or a new srcObject would load the stream again and wait for a keyframe); elsewhere the
// focused person's video goes into the browser's own picture-in-picture.

/** What the window needs of the element. */
export interface PictureInPictureHost extends HTMLElement {
  readonly engine: CallEngine | null;
  readonly state: CallState;
  readonly renderRoot: HTMLElement | DocumentFragment;
  requestUpdate(): void;
  leave(): Promise<void>;
}

/** The element's view and texts, which it keeps protected, read on each render. */
export interface PictureInPictureSource {
  view(): CallView;
  strings(): LifelineStrings;
}

/** The window's first size, in CSS pixels: a 4:3 video and the control bar. Chromium remembers a size the person chose. */
export const DEFAULT_WINDOW_SIZE = { width: 400, height: 360 };

const inCall = (state: CallState) => state !== 'idle' && state !== 'ended';

export class PictureInPicture {
  /** The always-on-top window and the shadow root the call renders into there, while open. */
  private window: Window | null = null;
  private root: ShadowRoot | null = null;
  /** Each video moved into the window, and the comment that keeps its place in the element's tile. */
  private readonly moved = new Map<HTMLVideoElement, Comment>();
  /** The video in the browser's own picture-in-picture, where there is no window of our own. */
  private video: HTMLVideoElement | null = null;
  private opening = false;

  constructor(
    private readonly host: PictureInPictureHost,
    private readonly source: PictureInPictureSource,
  ) {}

  /** Whether the call is in a window of its own (the element then says so instead of its tiles). */
  get windowOpen(): boolean {
    return this.window !== null;
  }

  get open(): boolean {
    return this.window !== null || this.video !== null;
  }

  async toggle(): Promise<void> {
    if (this.open) return this.close();
    if (this.opening || !inCall(this.host.state)) return;
    this.opening = true;
    try {
      // Read here, not imported from the support check: shared with the layouts' chunk, it would land in the entry.
      const api = (globalThis as { documentPictureInPicture?: DocumentPictureInPicture }).documentPictureInPicture;
      if (api) await this.openWindow(api);
      else await this.openVideo();
    } finally {
      this.opening = false;
    }
  }

  close(): void {
    if (this.window) this.restore();
    else if (this.video && document.pictureInPictureElement) void document.exitPictureInPicture().catch(() => {});
  }

  /** After each of the element's renders: new remote videos join the window, departed ones leave it; the call's end closes it. */
  sync(): void {
    if (!this.open) return;
    if (!inCall(this.host.state)) return this.close();
    if (this.window) this.renderWindow();
  }

  /** The element's sentence and button while the call is in the window (parts `picture-in-picture` and `picture-in-picture-return-button`). */
  renderPlaceholder(strings: LifelineStrings) {
    const { pictureInPicture } = strings;
    return html`<div class="empty" part="picture-in-picture">
      <p>${pictureInPicture.moved}</p>
      <button part="picture-in-picture-return-button" @click=${() => this.close()}>${pictureInPicture.back}</button>
    </div>`;
  }

  private async openWindow(api: DocumentPictureInPicture): Promise<void> {
    const win = await api.requestWindow(DEFAULT_WINDOW_SIZE);
    // The call may have ended, or another element taken the window, while the browser opened it.
    if (!inCall(this.host.state) || win.closed) return void win.close();
    const frame = win.document.createElement('div');
    this.root = frame.attachShadow({ mode: 'open' });
    this.root.adoptedStyleSheets = copySheets(win, [...((this.host.renderRoot as ShadowRoot).adoptedStyleSheets ?? []), windowStyles.styleSheet!]);
    copyLook(this.host, frame, this.root.adoptedStyleSheets);
    win.document.title = this.source.strings().pictureInPicture.title;
    win.document.body.style.margin = '0';
    win.document.body.append(frame);
    // Closed by the person (the window's own close), the browser, or another picture-in-picture.
    win.addEventListener('pagehide', this.restore, { once: true });
    this.window = win;
    this.renderWindow();
    this.host.requestUpdate();
    this.host.dispatchEvent(new LifelinePictureInPictureEvent(true));
  }

  /** The call in the window: the remote videos (moved in), the empty-room sentence when there are none, and the buttons. */
  private renderWindow(): void {
    const root = this.root!;
    const strings = this.source.strings();
    const { controls } = strings;
    const view = this.source.view();
    const engine = this.host.engine;
    render(
      html`<div class="call" part="base">
        <div class="pip-videos"></div>
        ${this.moved.size === 0 ? html`<div class="empty">${strings.empty}</div>` : nothing}
        <div class="controls" role="group" aria-label=${controls.label}>
          ${toggle('mute-button', controls.mute, 'microphone', !view.media.audio, false, () => engine?.setAudioEnabled(!engine.media.audio))}
          ${toggle('camera-button', controls.camera, 'camera', !view.media.video, false, () => engine?.setVideoEnabled(!engine.media.video))}
          <button class="icon-button hang-up" aria-label=${controls.hangUp} @click=${() => void this.host.leave()}>${iconAndLabel(controls.hangUp, 'hang-up')}</button>
        </div>
      </div>`,
      root,
      { creationScope: this.window!.document },
    );
    const box = root.querySelector('.pip-videos')!;
    for (const [video, marker] of this.moved)
      if (!marker.isConnected) {
        // Its tile left the element (the person left, or their stream went away).
        video.remove();
        this.moved.delete(video);
      }
    let added = false;
    for (const video of this.host.renderRoot.querySelectorAll<HTMLVideoElement>('video[data-call-output]')) {
      const marker = document.createComment('picture-in-picture');
      video.before(marker);
      // Removed and inserted in one task, so the element never pauses (the removal's pause waits for a stable state).
      box.append(video);
      keepPlaying(video);
      this.moved.set(video, marker);
      added = true;
    }
    box.setAttribute('data-count', String(this.moved.size));
    // The empty-room sentence goes once the first video came in.
    if (added && this.moved.size > 0 && root.querySelector('.empty')) this.renderWindow();
  }

  /** Puts every video back in its tile and closes the window; once, whoever closed it. */
  private readonly restore = (): void => {
    const win = this.window;
    if (!win) return;
    this.window = null;
    this.root = null;
    win.removeEventListener('pagehide', this.restore);
    for (const [video, marker] of this.moved) {
      if (marker.isConnected) {
        marker.replaceWith(video);
        keepPlaying(video);
      } else video.remove();
    }
    this.moved.clear();
    if (!win.closed) win.close();
    this.host.requestUpdate();
    this.host.dispatchEvent(new LifelinePictureInPictureEvent(false));
  };

  /** The focused person's video, else the first remote one, in the browser's own picture-in-picture. */
  private async openVideo(): Promise<void> {
    const root = this.host.renderRoot;
    const video =
      root.querySelector<HTMLVideoElement>('[data-place="focus"] > video[data-call-output]:not([hidden])') ??
      root.querySelector<HTMLVideoElement>('video[data-call-output]:not([hidden])');
    if (!video) return;
    await video.requestPictureInPicture();
    this.video = video;
    video.addEventListener(
      'leavepictureinpicture',
      () => {
        this.video = null;
        this.host.requestUpdate();
        this.host.dispatchEvent(new LifelinePictureInPictureEvent(false));
      },
      { once: true },
    );
    this.host.requestUpdate();
    this.host.dispatchEvent(new LifelinePictureInPictureEvent(true));
  }
}

/** A moved video that a browser paused on the way plays on (no reload: its stream stays). */
function keepPlaying(video: HTMLVideoElement): void {
  if (video.paused) void video.play().catch(() => {});
}

/**
 * The element's stylesheets, rebuilt in the window's document: a constructed sheet belongs to
 * the document that made it, and constructed sheets pass a strict CSP where a `<style>` would not.
 */
function copySheets(win: Window, sheets: readonly CSSStyleSheet[]): CSSStyleSheet[] {
  const Sheet = (win as Window & typeof globalThis).CSSStyleSheet;
  return sheets.map((sheet) => {
    const copy = new Sheet();
    copy.replaceSync([...sheet.cssRules].map((rule) => rule.cssText).join('\n'));
    return copy;
  });
}

/**
 * The host page's look of the element: every `--lifeline-*` token its styles read, as computed
 * on the element (set on it or any ancestor), and its theme, direction and language.
 */
function copyLook(host: HTMLElement, frame: HTMLElement, sheets: readonly CSSStyleSheet[]): void {
  const computed = getComputedStyle(host);
  const text = sheets.map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join('')).join('');
  for (const name of new Set(text.match(/--lifeline-[\w-]+/g))) {
    const value = computed.getPropertyValue(name);
    if (value) frame.style.setProperty(name, value);
  }
  const theme = host.getAttribute('theme');
  if (theme) frame.setAttribute('theme', theme);
  frame.dir = computed.direction;
  frame.lang = host.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
}

/** The window is the call: videos fill it above the controls, side by side when there are two or more. */
const windowStyles = css`
  :host {
    height: 100vh;
  }
  .call {
    box-sizing: border-box;
    height: 100%;
    border-radius: 0;
    grid-template-rows: minmax(0, 1fr) auto;
  }
  .pip-videos {
    display: grid;
    grid-auto-flow: column;
    grid-auto-columns: minmax(0, 1fr);
    gap: var(--_gap);
    min-height: 0;
  }
  .pip-videos:empty {
    display: none;
  }
  .pip-videos video {
    width: 100%;
    height: 100%;
    min-height: 0;
    object-fit: cover;
    border-radius: var(--_radius);
    background: var(--_tile-background);
  }
  .empty {
    aspect-ratio: auto;
  }
  .controls {
    justify-content: center;
  }
`;
