import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/define.js';
import type { VideoCall, VoiceCall } from '../../components/index.js';
import { LifelinePrejoinEvent } from '../../components/events/index.js';
import { englishStrings } from '../../components/strings/english.js';
import { germanStrings } from '../../components/strings/de.js';
import type { CallEngine } from '../../src/index.js';
import { joinGuests } from '../helpers/engines.js';
import { part } from '../helpers/shadow-parts.js';
import { sleep, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';
import { VirtualDevicesFactory } from '../helpers/virtual-devices.js';

// <video-call prejoin> on the browser's fake camera and microphone (Firefox's through its
// web-audio group, so the meter hears its tone), joining real calls on the reference server.

const firefox = navigator.userAgent.includes('Firefox/');
const WAIT_MS = 30_000;

async function prejoinElement(attributes: Partial<VideoCall> = {}): Promise<VideoCall> {
  const el = document.createElement('video-call');
  Object.assign(el, { room: uniqueRoom('prejoin'), participantId: 'host', signalingUrl: testEnv.signalingUrl, prejoin: true, ...attributes });
  (await fixture<HTMLDivElement>(html`<div style="width: 640px"></div>`)).append(el);
  await waitFor(() => part(el, 'prejoin'), 'the pre-join screen', WAIT_MS);
  return el;
}

/** The preview, once it plays: frames decoded and time moving. */
async function playingPreview(el: VideoCall): Promise<HTMLVideoElement> {
  const video = await waitFor(() => part<HTMLVideoElement>(el, 'prejoin-preview'), 'the preview', WAIT_MS);
  await waitFor(() => video.videoWidth > 0, 'preview frames', WAIT_MS);
  const time = video.currentTime;
  await waitFor(() => video.currentTime > time, 'the preview playing on', WAIT_MS);
  return video;
}

const click = (el: VideoCall, name: string) => part(el, name)!.click();

describe('<video-call prejoin>', () => {
  const guests: CallEngine[] = [];
  const layers = new VirtualDevicesFactory();
  afterEach(() => {
    for (const guest of guests.splice(0)) guest.destroy();
    layers.disposeAll();
  });

  it('previews the camera mirrored, meters the microphone, lists the devices, and joins with the camera off and the typed name', async () => {
    const el = await prejoinElement({ autoJoin: true });
    const video = await playingPreview(el);
    expect(getComputedStyle(video).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    // auto-join with prejoin waits for Join.
    expect(el.state).to.equal('idle');
    const meter = part(el, 'prejoin-level')!;
    expect(meter.getAttribute('role')).to.equal('meter');
    await waitFor(() => Number(meter.getAttribute('aria-valuenow')) > -60, 'the level above silence', WAIT_MS);
    const cameras = await waitFor(() => part<HTMLSelectElement>(el, 'camera-select')?.options.length, 'the camera picker', WAIT_MS);
    expect(cameras).to.be.at.least(1);
    expect(part<HTMLSelectElement>(el, 'microphone-select')!.options.length).to.be.at.least(1);
    expect(part<HTMLSelectElement>(el, 'microphone-select')!.value).to.not.equal('');

    const name = part<HTMLInputElement>(el, 'prejoin-name')!;
    name.value = 'Ada';
    name.dispatchEvent(new Event('input'));
    click(el, 'prejoin-camera-button');
    await waitFor(() => part(el, 'prejoin-camera-off') && !part(el, 'prejoin-preview'), 'the preview off', WAIT_MS);
    expect(part(el, 'prejoin-camera-button')!.getAttribute('aria-pressed')).to.equal('true');

    const fired = oneEvent(el, LifelinePrejoinEvent.eventName);
    click(el, 'join-button');
    const { detail } = (await fired) as LifelinePrejoinEvent;
    expect(detail).to.deep.include({ displayName: 'Ada', audio: true, video: false });
    expect(detail.devices.microphone).to.be.a('string').and.not.equal('');
    expect(detail.devices.camera).to.be.a('string').and.not.equal('');

    await waitFor(() => el.state === 'waiting', 'the host in the room', WAIT_MS);
    expect(part(el, 'prejoin')).to.equal(null);
    expect(el.engine!.media).to.deep.equal({ audio: true, video: false });
    await joinGuests(guests, el.room, 1);
    const host = await waitFor(() => guests[0]!.participants.find((p) => p.id === 'host'), 'the host at the guest', WAIT_MS);
    expect(host.name).to.equal('Ada');
    expect(host.video).to.equal(false);
    expect(host.audio).to.equal(true);

    // After the call the screen stays closed (the camera stays off) until Join again.
    await el.leave();
    await waitFor(() => part(el, 'rejoin-button'), 'Join again', WAIT_MS);
    expect(part(el, 'prejoin')).to.equal(null);
    click(el, 'rejoin-button');
    await waitFor(() => part(el, 'prejoin'), 'the screen again', WAIT_MS);
    // The name is the element's now: no field asks for it again.
    expect(part(el, 'prejoin-name')).to.equal(null);
  });

  it('holds the join when lifeline-prejoin is cancelled; join() then joins with the screen choices', async () => {
    const devices = layers.create();
    devices.addCamera('Desk camera');
    const second = devices.addCamera('Laptop camera');
    devices.addMicrophone('Headset');
    const el = await prejoinElement({ displayName: 'Bea', mediaDevices: devices });
    expect(part(el, 'prejoin-name')).to.equal(null);
    await playingPreview(el);
    const select = await waitFor(
      () => (part<HTMLSelectElement>(el, 'camera-select')?.options.length === 2 ? part<HTMLSelectElement>(el, 'camera-select') : null),
      'two cameras',
      WAIT_MS,
    );
    select!.value = second;
    select!.dispatchEvent(new Event('change'));
    click(el, 'prejoin-microphone-button');
    el.addEventListener(LifelinePrejoinEvent.eventName, (event) => event.preventDefault(), { once: true });
    click(el, 'join-button');
    await sleep(1000);
    expect(el.state).to.equal('idle');
    expect(part(el, 'prejoin')).to.not.equal(null);
    await el.join();
    await waitFor(() => el.state === 'waiting', 'the host in the room', WAIT_MS);
    expect(el.engine!.media).to.deep.equal({ audio: false, video: true });
    expect(el.engine!.devices.inUse('video')).to.equal(second);
  });

  it('says where this browser keeps the setting when the camera and microphone are blocked', async () => {
    const devices = layers.create();
    devices.addCamera();
    devices.addMicrophone();
    devices.deny = true;
    const el = await prejoinElement({ mediaDevices: devices });
    const help = await waitFor(() => part(el, 'prejoin-help'), 'the help', WAIT_MS);
    expect(help.getAttribute('role')).to.equal('alert');
    const blocked = englishStrings.prejoin.blocked;
    expect(help.textContent).to.include(firefox ? blocked.firefox : blocked.chromium);
    expect(help.textContent).to.not.include(firefox ? blocked.chromium : blocked.firefox);
    // Allowed again (the person followed the steps): Try again opens the preview.
    devices.deny = false;
    click(el, 'prejoin-retry');
    await playingPreview(el);
    expect(part(el, 'prejoin-help')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  for (const [label, wrapper, theme] of [
    ['light', '', 'light'],
    ['dark', '', 'dark'],
    ['right to left', 'rtl', 'light'],
    ['German', 'de', 'dark'],
  ] as const) {
    it(`is accessible: ${label}`, async () => {
      const devices = layers.create();
      devices.addCamera('Desk camera');
      devices.addMicrophone('Headset');
      const host = await fixture<HTMLDivElement>(html`<div dir=${wrapper === 'rtl' ? 'rtl' : 'ltr'} lang=${wrapper === 'de' ? 'de' : 'en'}></div>`);
      const el = document.createElement('video-call');
      Object.assign(el, { room: uniqueRoom('prejoin'), prejoin: true, theme, mediaDevices: devices, signalingUrl: testEnv.signalingUrl });
      host.append(el);
      await waitFor(() => part(el, 'prejoin'), 'the pre-join screen', WAIT_MS);
      await playingPreview(el);
      if (wrapper === 'de') await waitFor(() => part(el, 'join-button')!.textContent!.trim() === germanStrings.prejoin.join, 'the German texts', WAIT_MS);
      await expect(el).to.be.accessible();
    });
  }

  it('<voice-call prejoin> asks for the microphone only: no preview, no camera, and joins with the typed name', async () => {
    const el = document.createElement('voice-call') as VoiceCall;
    Object.assign(el, { room: uniqueRoom('prejoin-voice'), participantId: 'caller', signalingUrl: testEnv.signalingUrl, prejoin: true });
    (await fixture<HTMLDivElement>(html`<div style="width: 480px"></div>`)).append(el);
    const meter = await waitFor(() => part(el, 'prejoin-level'), 'the voice pre-join screen', WAIT_MS);
    await waitFor(() => Number(meter.getAttribute('aria-valuenow')) > -60, 'the level above silence', WAIT_MS);
    expect(part(el, 'prejoin-preview'), 'no camera preview').to.equal(null);
    expect(part(el, 'prejoin-camera-button'), 'no camera toggle').to.equal(null);
    expect(part(el, 'camera-select'), 'no camera picker').to.equal(null);
    await expect(el).to.be.accessible();

    const name = part<HTMLInputElement>(el, 'prejoin-name')!;
    name.value = 'Cleo';
    name.dispatchEvent(new Event('input'));
    click(el as unknown as VideoCall, 'join-button');
    await waitFor(() => el.state === 'waiting', 'the caller in the room', WAIT_MS);
    expect(el.engine!.localStream!.getVideoTracks(), 'a voice call opens no camera').to.have.length(0);
    expect(el.engine!.localStream!.getAudioTracks()).to.have.length(1);
    await joinGuests(guests, el.room, 1, { video: false });
    const caller = await waitFor(() => guests[0]!.participants.find((p) => p.id === 'caller'), 'the caller at the guest', WAIT_MS);
    expect(caller.name).to.equal('Cleo');
  });
});
