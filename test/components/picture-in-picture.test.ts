import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../components/define.js';
import type { LifelinePictureInPictureEvent, VideoCall } from '../../components/index.js';
import { germanStrings } from '../../components/strings/de.js';
import { CallEngine } from '../../src/index.js';
import { joinGuests } from '../helpers/engines.js';
import { watchMediaElements, type MediaWatch } from '../helpers/media-playback.js';
import { part, parts } from '../helpers/shadow-parts.js';
import { sleep, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// <video-call>'s picture-in-picture in real calls through the reference server: the Document
// Picture-in-Picture window (headless Chromium and Firefox 153 ESR open one; a click through the test
// runner's mouse gives the user activation it asks for), with the remote video moved into it
// still playing and working buttons; the button absent where the browser has no API.

interface DocumentPip {
  readonly window: Window | null;
}
const documentPip = () => (window as unknown as { documentPictureInPicture?: DocumentPip }).documentPictureInPicture;

/** A click through the browser's input pipeline, which counts as the person's (user activation). */
async function click(button: HTMLElement) {
  const box = button.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

/** The call's shadow root in the window. */
const windowRoot = (win: Window) => win.document.body.querySelector('div')!.shadowRoot!;
const inWindow = <T extends HTMLElement = HTMLElement>(win: Window, selector: string) => windowRoot(win).querySelector<T>(selector);

/** Over `ms`, the video's clock advanced with the wall clock, nothing loaded it again, and it played on. */
async function expectPlaying(watch: MediaWatch, video: HTMLVideoElement, ms: number, what: string) {
  const loads = watch.of(video).loadstarts;
  const before = video.currentTime;
  await sleep(ms);
  expect(video.paused, `${what}: playing`).to.equal(false);
  expect(watch.of(video).loadstarts, `${what}: not loaded again`).to.equal(loads);
  expect(video.currentTime - before, `${what}: its clock advanced`).to.be.at.least((ms / 1000) * 0.6);
}

describe('<video-call> picture-in-picture', () => {
  const guests: CallEngine[] = [];
  let watch: MediaWatch;
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in event ? event.reason : event.error);
  beforeEach(() => {
    watch = watchMediaElements();
    errors.length = 0;
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
  });
  afterEach(() => {
    watch.stop();
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
    documentPip()?.window?.close();
    for (const guest of guests.splice(0)) guest.destroy();
  });

  /** The host's element in a call with one guest (muted, so nobody's tone decides the focus), its video playing and its view buttons there. */
  async function callOfTwo(attributes: Partial<VideoCall> = {}, style = '') {
    const room = uniqueRoom('pip');
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 640px; ${style}"></div>`);
    const el = document.createElement('video-call');
    Object.assign(el, { room, participantId: 'host', displayName: 'Host', signalingUrl: testEnv.signalingUrl, autoJoin: true, ...attributes });
    wrapper.append(el);
    await waitFor(() => el.state === 'waiting', 'the host waiting');
    await joinGuests(guests, room, 1, { audio: false });
    await waitFor(() => parts<HTMLVideoElement>(el, 'remote-video').some((v) => v.readyState >= 2 && v.currentTime > 0), 'the guest’s video playing', 20_000);
    await waitFor(() => part(el, 'self-view-button'), 'the view buttons');
    await el.updateComplete;
    return el;
  }

  it('is offered where the browser has picture-in-picture, and absent where it has none, without errors', async () => {
    const el = await callOfTwo();
    const button = part(el, 'picture-in-picture-button')!;
    // Chromium 116+ and, as of 153 ESR, Firefox have Document Picture-in-Picture.
    expect(documentPip(), 'Document Picture-in-Picture').to.not.equal(undefined);
    expect(button.getAttribute('aria-label')).to.equal('Picture-in-picture');
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(part(el, 'icon-picture-in-picture')!.checkVisibility()).to.equal(true);

    // A browser with neither API (older Firefox): no button, and nothing fails.
    const pictureInPicture = Object.getOwnPropertyDescriptor(window, 'documentPictureInPicture');
    const videoPip = Object.getOwnPropertyDescriptor(HTMLVideoElement.prototype, 'requestPictureInPicture');
    Object.defineProperty(window, 'documentPictureInPicture', { value: undefined, configurable: true });
    if (videoPip) delete (HTMLVideoElement.prototype as Partial<HTMLVideoElement>).requestPictureInPicture;
    try {
      el.requestUpdate();
      await el.updateComplete;
      expect(part(el, 'picture-in-picture-button'), 'absent').to.equal(null);
      expect(part(el, 'self-view-button'), 'beside the other view buttons').to.not.equal(null);
      await expect(el).to.be.accessible();
    } finally {
      if (pictureInPicture) Object.defineProperty(window, 'documentPictureInPicture', pictureInPicture);
      else delete (window as { documentPictureInPicture?: unknown }).documentPictureInPicture;
      if (videoPip) Object.defineProperty(HTMLVideoElement.prototype, 'requestPictureInPicture', videoPip);
    }
    await sleep(500);
    expect(errors).to.deep.equal([]);
  });

  for (const [label, attributes] of [
    ['light', { theme: 'light' }],
    ['dark', { theme: 'dark' }],
    ['German', { strings: germanStrings }],
  ] as const)
    it(`is accessible with its button, ${label}`, async () => {
      const el = await callOfTwo(attributes as Partial<VideoCall>);
      expect(part(el, 'picture-in-picture-button')!.getAttribute('aria-label')).to.equal(label === 'German' ? 'Bild im Bild' : 'Picture-in-picture');
      await expect(el).to.be.accessible();
    });

  it('moves the playing remote video into a window with working buttons, and back, without reloading it', async function () {
    this.timeout(90_000);
    const el = await callOfTwo({ theme: 'dark' }, '--lifeline-color-accent: rgb(1, 2, 3)');
    const video = part<HTMLVideoElement>(el, 'remote-video')!;
    const tile = video.closest('figure')!;
    const loads = watch.of(video).loadstarts;

    const opened = oneEvent(el, 'lifeline-picture-in-picture');
    await click(part(el, 'picture-in-picture-button')!);
    expect(((await opened) as LifelinePictureInPictureEvent).detail).to.deep.equal({ open: true });
    const win = documentPip()!.window!;
    expect(win, 'the window is open').to.not.equal(null);
    expect(win.document.title).to.equal('Video call');

    // The same element, now in the window, playing on.
    expect(inWindow(win, 'video'), 'the very <video> the tile had').to.equal(video);
    expect(video.ownerDocument).to.equal(win.document);
    await expectPlaying(watch, video, 3000, 'in the window');
    expect(watch.of(video).loadstarts).to.equal(loads);

    // The element says where the call is and offers it back; the button is pressed.
    await el.updateComplete;
    expect(part(el, 'picture-in-picture')!.textContent).to.contain('The call is in the picture-in-picture window.');
    expect(part(el, 'grid')!.hidden).to.equal(true);
    expect(part(el, 'picture-in-picture-button')!.getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();

    // Styles reached the window: the element's own sheets, and the page's token on a pressed button.
    const mute = inWindow(win, '.mute-button')!;
    expect(win.getComputedStyle(mute).borderTopLeftRadius, "the control bar's pill buttons").to.equal('999px');
    expect(win.getComputedStyle(inWindow(win, '.call')!).colorScheme).to.equal('dark');

    // Mute and camera in the window act on the engine, and show it.
    mute.click();
    await waitFor(() => el.engine!.media.audio === false, 'muted from the window');
    await waitFor(() => mute.getAttribute('aria-pressed') === 'true', 'the window shows it');
    expect(win.getComputedStyle(mute).backgroundColor, 'the page’s accent token').to.equal('rgb(1, 2, 3)');
    inWindow(win, '.camera-button')!.click();
    await waitFor(() => el.engine!.media.video === false, 'camera off from the window');
    inWindow(win, '.camera-button')!.click();
    await waitFor(() => el.engine!.media.video === true, 'camera on again');

    // The window's own close brings the video back to its tile, still playing.
    const closed = oneEvent(el, 'lifeline-picture-in-picture');
    win.close();
    expect(((await closed) as LifelinePictureInPictureEvent).detail).to.deep.equal({ open: false });
    expect(video.closest('figure'), 'back in its tile').to.equal(tile);
    expect(video.ownerDocument).to.equal(document);
    await el.updateComplete;
    expect(part(el, 'picture-in-picture')).to.equal(null);
    expect(part(el, 'grid')!.hidden).to.equal(false);
    await expectPlaying(watch, video, 2000, 'back in the element');
    expect(watch.of(video).loadstarts, 'never loaded again').to.equal(loads);

    // Again, and the element's own button brings it back.
    await click(part(el, 'picture-in-picture-button')!);
    await waitFor(() => documentPip()!.window && video.ownerDocument !== document, 'in the window again');
    part(el, 'picture-in-picture-return-button')!.click();
    await waitFor(() => documentPip()!.window === null, 'the window closed');
    expect(video.closest('figure')).to.equal(tile);
    await expectPlaying(watch, video, 1500, 'back again');

    // Hang up in the window ends the call and closes the window.
    await click(part(el, 'picture-in-picture-button')!);
    const again = await waitFor(() => documentPip()!.window, 'the window a third time');
    inWindow(again, '.hang-up')!.click();
    await waitFor(() => el.state === 'ended', 'the call ended from the window');
    await waitFor(() => documentPip()!.window === null, 'the window closed with the call');
    expect(errors).to.deep.equal([]);
  });

  it('takes in a person who joins while the window is open, and lets go of one who leaves', async function () {
    this.timeout(90_000);
    const el = await callOfTwo();
    await click(part(el, 'picture-in-picture-button')!);
    const win = await waitFor(() => documentPip()!.window, 'the window');
    await waitFor(() => windowRoot(win).querySelectorAll('video').length === 1, 'the first guest in the window');
    const late = new CallEngine({ signalingUrl: testEnv.signalingUrl, participantId: 'late', displayName: 'Late', media: { audio: true, video: true } });
    guests.push(late);
    await late.join(el.room);
    late.setAudioEnabled(false);
    await waitFor(
      () => [...windowRoot(win).querySelectorAll('video')].some((v) => v.dataset.participantId === 'late' && v.currentTime > 0),
      'the late guest playing in the window',
      20_000,
    );
    guests[0].destroy();
    await waitFor(
      () => ![...windowRoot(win).querySelectorAll('video')].some((v) => v.dataset.participantId === 'guest-0'),
      'the one who left gone from the window',
      30_000,
    );
    expect(parts(el, 'remote-video').length, 'nothing left behind in the element').to.equal(0);
  });
});
