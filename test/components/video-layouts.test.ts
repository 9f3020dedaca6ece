import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/define.js';
import type { VideoCall } from '../../components/index.js';
import { germanStrings } from '../../components/strings/de.js';
import { CallEngine } from '../../src/index.js';
import { joinGuests } from '../helpers/engines.js';
import { watchMediaElements, type MediaWatch } from '../helpers/media-playback.js';
import { part, parts } from '../helpers/shadow-parts.js';
import { sleep, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// <video-call>'s layouts in real calls through the reference server: grid, speaker and auto, a
// pinned tile, the floating self-view and fullscreen; and that none of it reloads a video.

const tileOf = (el: VideoCall, key: string) => el.shadowRoot!.querySelector<HTMLElement>(`figure[data-tile="${key}"]`)!;
/** A part inside one node of the shadow root (a tile), not the element's first of that name. */
const partIn = (node: Element, name: string) => node.querySelector<HTMLElement>(`[part~="${name}"]`);
const remoteVideos = (el: VideoCall) => parts<HTMLVideoElement>(el, 'remote-video');

/**
 * The longest wait between two frames a video presents from now on, in ms: through
 * requestVideoFrameCallback where the browser has it (Chromium, Firefox 132 and later), else
 * the time between two advances of `currentTime` read on every animation frame.
 */
function frameGaps(video: HTMLVideoElement): { stop(): { longest: number; frames: number } } {
  let last = performance.now();
  let longest = 0;
  let frames = 0;
  let running = true;
  const seen = (now: number) => {
    longest = Math.max(longest, now - last);
    last = now;
    frames++;
  };
  if (typeof video.requestVideoFrameCallback === 'function') {
    const onFrame = (now: number) => {
      seen(now);
      if (running) video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  } else {
    let time = video.currentTime;
    const onAnimationFrame = (now: number) => {
      if (video.currentTime !== time) seen(now);
      time = video.currentTime;
      if (running) requestAnimationFrame(onAnimationFrame);
    };
    requestAnimationFrame(onAnimationFrame);
  }
  return {
    stop() {
      running = false;
      // The wait since the last frame counts too: a video that froze at the end froze.
      return { longest: Math.max(longest, performance.now() - last), frames };
    },
  };
}

describe('<video-call> layouts', () => {
  const guests: CallEngine[] = [];
  let watch: MediaWatch;
  beforeEach(() => {
    watch = watchMediaElements();
  });
  afterEach(() => {
    watch.stop();
    for (const guest of guests.splice(0)) guest.destroy();
  });

  /** The host's element in a call with `guestCount` engines of their own, camera on, each shown playing. */
  async function callWith(guestCount: number, attributes: Partial<VideoCall> = {}, wrapperAttributes = '') {
    const room = uniqueRoom('layout');
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 800px"></div>`);
    // The test's own literal attributes (dir, lang), never input.
    if (wrapperAttributes) for (const [name, value] of wrapperAttributes.split(' ').map((pair) => pair.split('='))) wrapper.setAttribute(name, value);
    const el = document.createElement('video-call');
    Object.assign(el, { room, participantId: 'host', displayName: 'Host', signalingUrl: testEnv.signalingUrl, autoJoin: true, ...attributes });
    wrapper.append(el);
    await waitFor(() => el.state === 'waiting', 'the host waiting');
    await joinGuests(guests, room, guestCount, { audio: false });
    await waitFor(
      () => remoteVideos(el).length === guestCount && remoteVideos(el).every((v) => v.readyState >= 2 && v.currentTime > 0),
      `${guestCount} remote videos playing`,
      20_000,
    );
    await el.updateComplete;
    return el;
  }

  async function settle(el: VideoCall) {
    await el.updateComplete;
    await sleep(300);
  }

  it('moves the same <video> elements through grid, speaker, auto, pins and unpins: no reload, no frame gap over 100 ms', async function () {
    this.timeout(60_000);
    const el = await callWith(1, { selfView: 'tile' });
    await waitFor(() => partIn(tileOf(el, 'host'), 'pin-button'), 'the layout buttons');
    const videos = [...remoteVideos(el), part<HTMLVideoElement>(el, 'local-video')!];
    const loads = videos.map((v) => watch.of(v).loadstarts);
    // Each switch is watched from the change until its effects have settled, and the same videos
    // just before it for as long with no change. On a quiet machine frames come every 33-67 ms
    // and a gap over a switch is held to 100 ms. On a loaded two-core machine running two
    // browsers (and other people's tests) frames stall for 100-600 ms now and then with no change
    // at all, so there the bound is twice the longest stall seen between the switches: a reload
    // would show anyway, as a loadstart and a new element.
    type Gaps = Array<{ longest: number; frames: number }>;
    /** One pass through the switches: each video's longest gap and frames over them, and its longest gap between them. */
    const pass = async () => {
      const [switches, quiet]: [Gaps[], Gaps[]] = [[], []];
      const layouts: string[] = [];
      const step = async (change: () => void) => {
        const still = videos.map(frameGaps);
        await settle(el);
        quiet.push(still.map((g) => g.stop()));
        const gaps = videos.map(frameGaps);
        change();
        await settle(el);
        switches.push(gaps.map((g) => g.stop()));
        expect([...remoteVideos(el), part(el, 'local-video')], 'the same video elements, in the same order').to.deep.equal(videos);
        layouts.push(`${part(el, 'grid')!.dataset.layout}:${part(el, 'focus-tile')?.dataset.tile ?? '-'}`);
      };
      await step(() => (el.layout = 'grid'));
      await step(() => (el.layout = 'speaker'));
      await step(() => (el.layout = 'auto'));
      // Pin with a tile's own pin button, then by clicking the other tile, and unpin by clicking it again.
      await step(() => partIn(tileOf(el, 'host'), 'pin-button')!.click());
      await step(() => tileOf(el, 'guest-0').click());
      await step(() => tileOf(el, 'guest-0').click());
      await step(() => (el.pinned = 'host'));
      await step(() => (el.layout = 'grid'));
      await step(() => (el.pinned = ''));
      expect(layouts).to.deep.equal([
        'grid:-',
        'focus:guest-0',
        'focus:guest-0',
        'focus:host',
        'focus:guest-0',
        'focus:guest-0',
        'focus:host',
        'focus:host',
        'grid:-',
      ]);
      return videos.map((video, i) => {
        const longest = Math.max(...switches.map((s) => s[i].longest));
        const without = Math.max(...quiet.map((s) => s[i].longest));
        const frames = switches.reduce((sum, s) => sum + s[i].frames, 0);
        const what = `${video.getAttribute('part')}: longest ${longest.toFixed(0)} ms and ${frames} frames over the switches, longest ${without.toFixed(0)} ms between them`;
        expect(frames, what).to.be.greaterThan(switches.length * 2);
        return { ok: longest < Math.max(100, 2 * without), what };
      });
    };
    // A stall the switches cause shows in every pass; one the machine's load causes (another
    // browser, other tests) rarely twice in the same place: a second pass runs only when the first
    // had a gap over the bound, and the better pass is the one held to it.
    let result = await pass();
    if (result.some((r) => !r.ok)) result = await pass();
    videos.forEach((video, i) => {
      expect(watch.of(video).loadstarts, `no reload, ${result[i].what}`).to.equal(loads[i]);
      expect(result[i].ok, `longest gap between frames under max(100 ms, twice the longest between switches), ${result[i].what}`).to.equal(true);
    });
  });

  it('keeps the local <video> of the first render through a join that generates the participant id', async () => {
    const el = await fixture<VideoCall>(html`<video-call room=${uniqueRoom('layout')} signaling-url=${testEnv.signalingUrl}></video-call>`);
    const before = part<HTMLVideoElement>(el, 'local-video');
    await el.join();
    await waitFor(() => el.state === 'waiting', 'waiting');
    await el.updateComplete;
    expect(part(el, 'local-tile')!.dataset.tile, 'pinned by the generated id').to.equal(el.engine!.participantId);
    expect(part(el, 'local-video')).to.equal(before);
    expect(watch.of(before!).loadstarts, 'loaded once, with the camera').to.be.at.most(1);
  });

  it('puts the focus tile above a filmstrip of the others, and pins from the keyboard with aria-pressed', async function () {
    this.timeout(40_000);
    const el = await callWith(2, { layout: 'speaker' });
    const focus = await waitFor(() => part(el, 'focus-tile'), 'a tile in focus');
    expect(focus.dataset.tile).to.equal('guest-0');
    const strip = parts(el, 'filmstrip-tile');
    expect(strip.map((t) => t.dataset.tile)).to.deep.equal(['host', 'guest-1']);
    const [big, small] = [focus.getBoundingClientRect(), strip[0].getBoundingClientRect()];
    expect(big.width, 'the focus tile is large').to.be.greaterThan(small.width * 2.5);
    expect(small.top, 'the filmstrip is below it').to.be.at.least(big.bottom);
    expect(part(el, 'filmstrip')).to.not.equal(null);

    const pin = partIn(tileOf(el, 'guest-1'), 'pin-button')!;
    expect(pin.getAttribute('aria-label')).to.equal('Pin Guest 1');
    expect(pin.getAttribute('aria-pressed')).to.equal('false');
    pin.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.pinned).to.equal('guest-1');
    expect(pin.getAttribute('aria-pressed')).to.equal('true');
    expect(part(el, 'focus-tile')!.dataset.tile).to.equal('guest-1');
    await expect(el).to.be.accessible();
    pin.focus();
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(el.pinned).to.equal('');
    expect(part(el, 'focus-tile')!.dataset.tile).to.equal('guest-0');
  });

  it('floats the self-view over the other person in a call of two, mirrored; it moves by button and arrow keys, and hides', async function () {
    this.timeout(40_000);
    const el = await callWith(1);
    const self = await waitFor(() => part(el, 'self-view'), 'a floating self-view');
    const other = tileOf(el, 'guest-0');
    expect(self.dataset.place).to.equal('floating');
    expect(getComputedStyle(part(el, 'local-video')!).transform, 'the local video mirrored').to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    expect(getComputedStyle(part(el, 'remote-video')!).transform, 'the remote video as it is').to.equal('none');
    const inside = () => {
      const [s, o] = [self.getBoundingClientRect(), other.getBoundingClientRect()];
      expect(s.left).to.be.at.least(o.left);
      expect(s.right).to.be.at.most(o.right);
      expect(s.top).to.be.at.least(o.top);
      expect(s.bottom).to.be.at.most(o.bottom);
      expect(s.width).to.be.below(o.width / 2);
      return { left: s.left - o.left < o.right - s.right, top: s.top - o.top < o.bottom - s.bottom };
    };
    expect(inside(), 'bottom right at first').to.deep.equal({ left: false, top: false });

    const move = partIn(self, 'move-button')!;
    expect(move.getAttribute('aria-label')).to.equal('Move your self-view to another corner');
    move.click();
    await el.updateComplete;
    expect(el.selfViewCorner).to.equal('bottom-start');
    expect(inside(), 'bottom left after a click').to.deep.equal({ left: true, top: false });
    move.focus();
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(inside(), 'top left after ArrowUp').to.deep.equal({ left: true, top: true });
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(inside(), 'top right after ArrowRight').to.deep.equal({ left: false, top: true });
    await expect(el).to.be.accessible();

    const hide = part(el, 'self-view-button')!;
    hide.click();
    await el.updateComplete;
    expect(hide.getAttribute('aria-pressed')).to.equal('true');
    expect(self.dataset.place).to.equal('hidden');
    expect(self.getBoundingClientRect().width).to.equal(0);
    hide.click();
    await el.updateComplete;
    expect(hide.getAttribute('aria-pressed')).to.equal('false');
    expect(self.dataset.place).to.equal('floating');

    el.selfView = 'tile';
    await el.updateComplete;
    expect(self.dataset.place, 'a tile, in the filmstrip under the other person').to.equal('strip');
    expect(part(el, 'self-view')).to.equal(null);
  });

  it('mirrors the corners right to left, and stays accessible in German and dark', async function () {
    this.timeout(40_000);
    const el = await callWith(1, { strings: germanStrings, theme: 'dark' }, 'dir=rtl lang=de');
    const self = await waitFor(() => part(el, 'self-view'), 'a floating self-view');
    const other = tileOf(el, 'guest-0').getBoundingClientRect();
    const s = self.getBoundingClientRect();
    expect(s.left - other.left, 'bottom-end is the left in RTL').to.be.below(other.right - s.right);
    partIn(self, 'move-button')!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(el.selfViewCorner, 'left is the end side in RTL').to.equal('bottom-end');
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.selfViewCorner).to.equal('bottom-start');
    expect(part(el, 'self-view-button')!.textContent!.trim()).to.equal('Eigenes Bild ausblenden');
    expect(partIn(tileOf(el, 'guest-0'), 'pin-button')!.getAttribute('aria-label')).to.equal('Guest 0 anheften');
    await expect(el).to.be.accessible();
    el.layout = 'speaker';
    el.selfView = 'tile';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('offers fullscreen for the element and the tile in focus, and follows fullscreenchange', async function () {
    this.timeout(40_000);
    const el = await callWith(1, { layout: 'speaker' });
    await waitFor(() => part(el, 'view-controls'), 'the view controls');
    if (!document.fullscreenEnabled) {
      expect(part(el, 'fullscreen-button'), 'no fullscreen button where the browser has no fullscreen').to.equal(null);
      return;
    }
    const button = part(el, 'fullscreen-button')!;
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    // A key press is a user gesture, which requestFullscreen() needs.
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => button.getAttribute('aria-pressed') === 'true', 'the element fullscreen');
    expect(el.shadowRoot!.fullscreenElement).to.equal(part(el, 'base'));
    await expect(el).to.be.accessible();
    // Leaving by another way (Esc, the browser's own UI) is followed too.
    await document.exitFullscreen();
    await waitFor(() => button.getAttribute('aria-pressed') === 'false', 'out of fullscreen');

    const focusButton = partIn(part(el, 'focus-tile')!, 'focus-fullscreen-button')!;
    expect(focusButton.getAttribute('aria-label')).to.equal('Show Guest 0 full screen');
    focusButton.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => focusButton.getAttribute('aria-pressed') === 'true', 'the tile in focus fullscreen');
    expect(el.shadowRoot!.fullscreenElement).to.equal(part(el, 'focus-tile'));
    expect(el.pinned, 'the button is not a click on the tile').to.equal('');
    focusButton.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => focusButton.getAttribute('aria-pressed') === 'false', 'the tile back');
  });
});
