import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VideoCall, VoiceCall } from '../../components/index.js';
import { CallEngine } from '../../src/index.js';
import { joinGuests } from '../helpers/engines.js';
import { part, parts } from '../helpers/shadow-parts.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// The grid follows the element's own width (container queries, not the page's media queries),
// and right-to-left pages get a mirrored layout with names still readable.

const columns = (el: VideoCall) => getComputedStyle(part(el, 'grid')!).gridTemplateColumns.split(' ').length;

describe('call layout', () => {
  const guests: CallEngine[] = [];
  afterEach(() => {
    for (const guest of guests.splice(0)) guest.destroy();
  });

  async function videoCallWith(guestCount: number, width: number) {
    const room = uniqueRoom('grid');
    const wrapper = await fixture<HTMLDivElement>(html`<div style=${`width: ${width}px`}></div>`);
    const el = document.createElement('video-call');
    // The grid itself (the default `auto` layout focuses one person; video-layouts.test.ts tests it), every tile in it.
    Object.assign(el, {
      room,
      participantId: 'host',
      displayName: 'Host',
      signalingUrl: testEnv.signalingUrl,
      autoJoin: true,
      layout: 'grid',
      selfView: 'tile',
    });
    wrapper.append(el);
    await waitFor(() => el.state === 'waiting', 'the host waiting');
    await joinGuests(guests, room, guestCount, { video: false });
    await waitFor(() => parts(el, 'tile').length === 1 + guestCount, `${guestCount} guests`);
    await el.updateComplete;
    return { el, wrapper };
  }

  it('puts tiles side by side when the element is wide, stacks them when it is narrow', async () => {
    const { el, wrapper } = await videoCallWith(1, 800);
    expect(columns(el), 'two people in a wide element').to.equal(2);
    wrapper.style.width = '360px';
    await waitFor(() => columns(el) === 1, 'one column in a narrow element');
    wrapper.style.width = '1000px';
    await waitFor(() => columns(el) === 2, 'two columns again');
  });

  it('lays out three people in a row when wide, and four two by two', async () => {
    const { el } = await videoCallWith(2, 1000);
    expect(columns(el)).to.equal(3);
    const fourth = new CallEngine({ signalingUrl: testEnv.signalingUrl, participantId: 'guest-x', media: { audio: true, video: false } });
    guests.push(fourth);
    await fourth.join(el.room);
    await waitFor(() => parts(el, 'tile').length === 4 && columns(el) === 2, 'four tiles, two by two');
    const [a, , c] = parts(el, 'tile').map((t) => t.getBoundingClientRect());
    expect(c.top).to.be.greaterThan(a.top + a.height / 2);
  });

  it("shows the empty-room message beside the only tile, or the host's own in the empty slot", async () => {
    const room = uniqueRoom('empty');
    const el = await fixture<VideoCall>(
      html`<video-call room=${room} signaling-url=${testEnv.signalingUrl} auto-join><p slot="empty">Your interviewer will join shortly.</p></video-call>`,
    );
    await waitFor(() => el.state === 'waiting', 'waiting');
    await el.updateComplete;
    const empty = part(el, 'empty')!;
    const slot = empty.querySelector('slot')!;
    expect(slot.assignedElements()[0].textContent).to.equal('Your interviewer will join shortly.');
    const plain = await fixture<VideoCall>(html`<video-call room=${uniqueRoom('empty')} signaling-url=${testEnv.signalingUrl} auto-join></video-call>`);
    await waitFor(() => plain.state === 'waiting' && part(plain, 'empty'), 'the empty message');
    expect(part(plain, 'empty')!.textContent!.trim()).to.equal('Nobody else is here yet.');
    await expect(plain).to.be.accessible();
  });

  it('mirrors for right-to-left: names and controls start from the right', async () => {
    const room = uniqueRoom('rtl');
    const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl" lang="he" style="width: 600px"></div>`);
    const video = document.createElement('video-call');
    Object.assign(video, { room, participantId: 'host', displayName: 'עדה לאבלייס', signalingUrl: testEnv.signalingUrl, autoJoin: true });
    const voice = document.createElement('voice-call');
    Object.assign(voice, { room: uniqueRoom('rtl'), displayName: 'محمد', signalingUrl: testEnv.signalingUrl, autoJoin: true });
    wrapper.append(video, voice);
    await waitFor(() => video.state === 'waiting' && voice.state === 'waiting', 'both waiting');
    await Promise.all([video.updateComplete, voice.updateComplete]);

    const tile = part(video, 'local-tile')!.getBoundingClientRect();
    const name = part(video, 'name')!.getBoundingClientRect();
    expect(tile.right - name.right, "the name sits at the tile's right").to.be.below(20);
    expect(name.left - tile.left).to.be.greaterThan(20);
    const [mute, hangUp] = [part(video, 'mute-button')!, part(video, 'hang-up-button')!].map((b) => b.getBoundingClientRect());
    expect(mute.left, 'the first control is the rightmost').to.be.greaterThan(hangUp.left);

    const row = part(voice as VoiceCall, 'local-participant')!.getBoundingClientRect();
    const avatar = part(voice, 'avatar')!.getBoundingClientRect();
    const voiceName = part(voice, 'name')!.getBoundingClientRect();
    expect(avatar.left, 'the avatar leads, on the right').to.be.greaterThan(voiceName.left);
    expect(row.right - avatar.right).to.be.below(30);
    await expect(video).to.be.accessible();
    await expect(voice).to.be.accessible();
  });
});
