import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/sound-check/sound-check.js';
import type { SoundCheck } from '../../components/sound-check/sound-check.component.js';
import { LifelineSoundCheckEvent } from '../../components/events/index.js';
import type { MediaDevicesLike } from '../../src/index.js';
import { countRenders, expectSteadyPlayback, watchMediaElements } from '../helpers/media-playback.js';
import { sleep, waitFor } from '../helpers/test-env.js';
import { VirtualDevices } from '../helpers/virtual-devices.js';

// Chromium's fake microphone beeps at full scale every 500 ms, the first beep half a second
// after it opens; Firefox's plays a steady tone at -20 dBFS. The virtual microphones play a
// tone at half scale (-6 dBFS) or digital silence, the same in both browsers.
const REAL_MS = 1500;
const VIRTUAL_MS = 800;

const part = (el: SoundCheck, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: SoundCheck, name: string) => part(el, name)?.textContent?.trim() ?? '';

async function result(el: SoundCheck): Promise<LifelineSoundCheckEvent> {
  const event = await oneEvent(el, LifelineSoundCheckEvent.eventName);
  await el.updateComplete;
  return event;
}

/** The browser's own devices, with every stream they hand out kept for the test to inspect. */
function recordingBrowserDevices(): MediaDevicesLike & { streams: MediaStream[] } {
  const streams: MediaStream[] = [];
  return {
    streams,
    enumerateDevices: () => navigator.mediaDevices.enumerateDevices(),
    getUserMedia: async (constraints) => {
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      streams.push(stream);
      return stream;
    },
  };
}

describe('<sound-check>', () => {
  let devices: VirtualDevices;
  beforeEach(() => (devices = new VirtualDevices()));
  afterEach(() => devices.dispose());

  it('starts idle with a labelled picker, an empty meter and a start button, and is accessible', async () => {
    const el = await fixture<SoundCheck>(html`<sound-check .mediaDevices=${devices}></sound-check>`);
    expect(el.getAttribute('state')).to.equal('idle');
    const meter = part(el, 'meter')!;
    expect(meter.getAttribute('role')).to.equal('meter');
    expect(meter.getAttribute('aria-valuenow')).to.equal('-60');
    expect(meter.getAttribute('aria-valuetext')).to.equal('no sound');
    expect(text(el, 'level-text')).to.equal('Not listening (-35 dB needed).');
    expect(part(el, 'result')!.getAttribute('aria-live')).to.equal('polite');
    expect(text(el, 'start-button')).to.equal('Test microphone');
    expect(part(el, 'stop-button')).to.equal(null);
    expect(devices.requests).to.have.length(0);
    // `state` only mirrors the element: a host cannot set a verdict.
    el.state = 'pass';
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    await expect(el).to.be.accessible();
  });

  it('passes with the browser microphone, fires a typed result and releases the microphone', async () => {
    const el = await fixture<SoundCheck>(html`<sound-check duration=${REAL_MS}></sound-check>`);
    const fired = result(el);
    const returned = await el.start();
    const event = await fired;
    expect(event).to.be.instanceOf(LifelineSoundCheckEvent);
    expect(event.detail).to.equal(returned);
    const { result: verdict, peakDb, deviceId, error } = event.detail;
    expect(verdict).to.equal('pass');
    expect(peakDb).to.be.a('number').and.to.be.within(-35, 3);
    expect(deviceId).to.be.a('string').and.not.equal('');
    expect(error).to.equal(null);
    expect(el.getAttribute('state')).to.equal('pass');
    expect(text(el, 'result')).to.equal('Your microphone works.');
    expect(text(el, 'level-text')).to.match(/^Peak: -?\d+ dB \(-35 dB needed\)\.$/);
    expect(text(el, 'start-button')).to.equal('Test again');
    await expect(el).to.be.accessible();
  });

  it('lists the browser microphones by name, and stops them when the test ends', async () => {
    const browser = recordingBrowserDevices();
    const el = await fixture<SoundCheck>(html`<sound-check duration=${REAL_MS} .mediaDevices=${browser}></sound-check>`);
    await el.start();
    const options = [...el.shadowRoot!.querySelectorAll('option')];
    const names = options.map((o) => o.textContent!.trim());
    expect(options.length).to.be.greaterThan(1);
    expect(names.every((name) => name !== '')).to.equal(true);
    const mics = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
    expect(names.slice(1)).to.deep.equal(mics.map((d) => d.label));
    const tracks = browser.streams.flatMap((s) => s.getTracks());
    expect(tracks.length).to.equal(1);
    expect(tracks[0]!.readyState).to.equal('ended');
  });

  it('fails as too quiet against a silent microphone, says so and releases it', async () => {
    devices.addMicrophone('Silent', true);
    const el = await fixture<SoundCheck>(html`<sound-check duration=${VIRTUAL_MS} .mediaDevices=${devices}></sound-check>`);
    const fired = result(el);
    el.start();
    const { detail } = await fired;
    expect(detail.result).to.equal('too-quiet');
    expect(detail.peakDb).to.equal(-100);
    expect(detail.deviceId).to.equal('vmic-1');
    expect(el.getAttribute('state')).to.equal('too-quiet');
    expect(text(el, 'result')).to.equal('We can barely hear you (peak -100 dB). Move closer to the microphone or choose another one.');
    expect(devices.liveTracks('audio')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('compares the peak with the threshold attribute', async () => {
    devices.addMicrophone('Tone');
    const strict = await fixture<SoundCheck>(html`<sound-check threshold="-3" duration=${VIRTUAL_MS} .mediaDevices=${devices}></sound-check>`);
    const tooQuiet = await strict.start();
    expect(tooQuiet.result).to.equal('too-quiet');
    expect(tooQuiet.peakDb).to.be.closeTo(-6, 1);
    expect(text(strict, 'result')).to.contain('(peak -6 dB)');
    const lenient = await fixture<SoundCheck>(html`<sound-check threshold="-9" duration=${VIRTUAL_MS} .mediaDevices=${devices}></sound-check>`);
    expect((await lenient.start()).result).to.equal('pass');
    expect(text(lenient, 'level-text')).to.equal('Peak: -6 dB (-9 dB needed).');
  });

  it('holds the browser microphone to the threshold too', async () => {
    // Chromium's beep peaks a fraction of a decibel above full scale, so threshold 0 passes
    // there; 3 dB above full scale is out of any microphone's reach.
    const el = await fixture<SoundCheck>(html`<sound-check threshold="3" duration=${REAL_MS}></sound-check>`);
    const outcome = await el.start();
    expect(outcome.result).to.equal('too-quiet');
    expect(outcome.peakDb).to.be.within(-35, 3);
  });

  it('reports no microphone without one, and is accessible', async () => {
    devices.addCamera();
    const el = await fixture<SoundCheck>(html`<sound-check duration=${VIRTUAL_MS} .mediaDevices=${devices}></sound-check>`);
    const fired = result(el);
    el.start();
    const { detail } = await fired;
    expect(detail.result).to.equal('no-microphone');
    expect(detail.peakDb).to.equal(null);
    expect(detail.error!.code).to.equal('media_not_found');
    expect(el.getAttribute('state')).to.equal('no-microphone');
    expect(text(el, 'result')).to.equal('No microphone was found. Plug one in or switch it on, then try again.');
    expect(devices.liveTracks()).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('reports a chosen microphone that is gone as no microphone, naming the choice', async () => {
    devices.addMicrophone('Tone');
    const el = await fixture<SoundCheck>(html`<sound-check device="unplugged" duration=${VIRTUAL_MS} .mediaDevices=${devices}></sound-check>`);
    const outcome = await el.start();
    expect(outcome.result).to.equal('no-microphone');
    expect(outcome.error!.code).to.equal('media_overconstrained');
    expect(outcome.deviceId).to.equal('unplugged');
    expect(text(el, 'result')).to.contain('Choose another microphone');
    // The picker still offers the microphones that are there.
    expect([...el.shadowRoot!.querySelectorAll('option')].map((o) => o.value)).to.deep.equal(['', 'vmic-1']);
  });

  it('reports a real denial (a frame not allowed the microphone) as denied, and is accessible', async () => {
    const frame = document.createElement('iframe');
    frame.setAttribute('allow', "camera 'none'; microphone 'none'");
    document.body.append(frame);
    try {
      const blocked = frame.contentWindow!.navigator.mediaDevices;
      const el = await fixture<SoundCheck>(html`<sound-check duration=${VIRTUAL_MS} .mediaDevices=${blocked}></sound-check>`);
      const outcome = await el.start();
      expect(outcome.result).to.equal('denied');
      expect(outcome.error!.code).to.equal('media_not_allowed');
      expect(el.getAttribute('state')).to.equal('denied');
      expect(text(el, 'result')).to.equal(
        "Access to the microphone was blocked. Allow it in the browser's site settings (the icon beside the address), then try again.",
      );
      await expect(el).to.be.accessible();
    } finally {
      frame.remove();
    }
  });

  it('reports a microphone it cannot start as failed, and is accessible', async () => {
    const busy: MediaDevicesLike = {
      enumerateDevices: () => devices.enumerateDevices(),
      getUserMedia: () => Promise.reject(new DOMException('Could not start audio source', 'NotReadableError')),
    };
    const el = await fixture<SoundCheck>(html`<sound-check duration=${VIRTUAL_MS} .mediaDevices=${busy}></sound-check>`);
    const outcome = await el.start();
    expect(outcome.result).to.equal('failed');
    expect(outcome.error!.code).to.equal('media_not_readable');
    expect(el.getAttribute('state')).to.equal('failed');
    expect(text(el, 'result')).to.equal('The microphone is in use by another app. Close the other app using your microphone, then try again.');
    await expect(el).to.be.accessible();
  });

  it('reports failed, not too quiet, when the browser never lets its AudioContext run', async () => {
    devices.addMicrophone('Tone');
    const original = window.AudioContext;
    // What an autoplay policy, or Firefox without an audio output, leaves: a context that stays suspended.
    window.AudioContext = class extends original {
      constructor() {
        super();
        Object.defineProperty(this, 'state', { get: () => 'suspended' });
      }
    };
    try {
      const el = await fixture<SoundCheck>(html`<sound-check duration=${VIRTUAL_MS} .mediaDevices=${devices}></sound-check>`);
      const outcome = await el.start();
      expect(outcome.result).to.equal('failed');
      expect(outcome.peakDb).to.equal(null);
      expect(outcome.error!.code).to.equal('media_failed');
      expect(text(el, 'result')).to.equal('The browser did not let this page listen to the microphone. Test again; if this repeats, try another browser.');
      expect(devices.liveTracks()).to.have.length(0);
    } finally {
      window.AudioContext = original;
    }
  });

  it('shows a live level while testing, accessible, and releases the microphone when removed', async () => {
    devices.addMicrophone('Tone');
    const el = await fixture<SoundCheck>(html`<sound-check duration="30000" .mediaDevices=${devices}></sound-check>`);
    let fired = false;
    el.addEventListener('lifeline-sound-check', () => (fired = true));
    const running = el.start();
    const meter = part(el, 'meter')!;
    await waitFor(() => meter.getAttribute('aria-valuetext') === '-6 dB', `the tone on the meter (${meter.getAttribute('aria-valuetext')})`);
    expect(el.getAttribute('state')).to.equal('testing');
    expect(meter.getAttribute('aria-valuenow')).to.equal('-6');
    expect(text(el, 'level-text')).to.equal('Level: -6 dB, peak: -6 dB (-35 dB needed).');
    expect(text(el, 'result')).to.equal('Listening… Say a few words.');
    expect(part(el, 'stop-button')).to.not.equal(null);
    expect(text(el, 'start-button')).to.equal('Restart test');
    expect((part(el, 'device-select') as HTMLSelectElement).value).to.equal('vmic-1');
    await expect(el).to.be.accessible();
    expect(devices.liveTracks('audio')).to.have.length(1);
    el.remove();
    const error = await running.then(
      () => null,
      (e: unknown) => e as DOMException,
    );
    expect(error?.name).to.equal('AbortError');
    expect(devices.liveTracks('audio')).to.have.length(0);
    expect(el.getAttribute('state')).to.equal('idle');
    expect(fired).to.equal(false);
  });

  it('stops without a verdict from its stop button', async () => {
    devices.addMicrophone('Tone');
    const el = await fixture<SoundCheck>(html`<sound-check duration="30000" .mediaDevices=${devices}></sound-check>`);
    const running = el.start().catch((e: DOMException) => e.name);
    await waitFor(() => devices.liveTracks('audio').length === 1, 'the microphone to open');
    await el.updateComplete;
    part(el, 'stop-button')!.click();
    expect(await running).to.equal('AbortError');
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    expect(devices.liveTracks('audio')).to.have.length(0);
    expect(text(el, 'result')).to.equal('');
  });

  it('restarts on the microphone picked while testing, and reflects the choice', async () => {
    devices.addMicrophone('Tone');
    const silent = devices.addMicrophone('Silent', true);
    const el = await fixture<SoundCheck>(html`<sound-check duration=${VIRTUAL_MS * 2} .mediaDevices=${devices}></sound-check>`);
    const first = el.start().catch((e: DOMException) => e.name);
    await waitFor(() => el.shadowRoot!.querySelectorAll('option').length === 3, 'the microphones in the picker');
    const select = part(el, 'device-select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['Default microphone', 'Tone', 'Silent']);
    const fired = result(el);
    select.value = silent;
    select.dispatchEvent(new Event('change'));
    expect(await first).to.equal('AbortError');
    const { detail } = await fired;
    expect(detail.result).to.equal('too-quiet');
    expect(detail.deviceId).to.equal(silent);
    expect(el.device).to.equal(silent);
    expect(el.getAttribute('device')).to.equal(silent);
    expect(devices.requests.at(-1)!.audio).to.deep.include({ deviceId: { exact: silent } });
    expect(select.value).to.equal(silent);
    expect(devices.liveTracks()).to.have.length(0);
  });

  it('shows a camera preview while testing with `camera`, and releases it after', async () => {
    devices.addMicrophone('Tone');
    devices.addCamera('Front');
    const el = await fixture<SoundCheck>(html`<sound-check camera duration=${VIRTUAL_MS * 2} .mediaDevices=${devices}></sound-check>`);
    const fired = result(el);
    el.start();
    const video = await waitFor(() => part(el, 'preview') as HTMLVideoElement | null, 'the camera preview');
    expect(video.muted).to.equal(true);
    expect((video.srcObject as MediaStream).getVideoTracks()[0]!.readyState).to.equal('live');
    await expect(el).to.be.accessible();
    expect((await fired).detail.result).to.equal('pass');
    expect(part(el, 'preview')).to.equal(null);
    expect(devices.liveTracks()).to.have.length(0);
  });

  it('keeps the camera preview playing while the meter moves: loaded once, its time and frames advancing', async () => {
    devices.addMicrophone('Tone');
    devices.addCamera('Front');
    const watch = watchMediaElements();
    try {
      const el = await fixture<SoundCheck>(html`<sound-check camera duration=${8_000} .mediaDevices=${devices}></sound-check>`);
      const renders = countRenders(el);
      const fired = result(el);
      el.start();
      const video = await waitFor(() => {
        const preview = part(el, 'preview') as HTMLVideoElement | null;
        return preview && preview.currentTime > 0 && preview;
      }, 'the camera preview playing');
      await expectSteadyPlayback(watch, video, 4);
      // The meter's readings re-rendered the element all along.
      expect(renders.count).to.be.at.least(8);
      expect((await fired).detail.result).to.equal('pass');
    } finally {
      watch.stop();
    }
  });

  it('tests the microphone even when the camera preview fails, and says why', async () => {
    devices.addMicrophone('Tone');
    const el = await fixture<SoundCheck>(html`<sound-check camera duration=${VIRTUAL_MS} .mediaDevices=${devices}></sound-check>`);
    const outcome = await el.start();
    expect(outcome.result).to.equal('pass');
    expect(text(el, 'preview-message')).to.equal('No camera was found. Plug one in or switch it on, then try again.');
  });

  it('starts by itself with auto-start', async () => {
    devices.addMicrophone('Tone');
    const el = document.createElement('sound-check');
    el.mediaDevices = devices;
    el.duration = VIRTUAL_MS;
    el.autoStart = true;
    const fired = oneEvent(el, 'lifeline-sound-check');
    document.body.append(el);
    try {
      expect((await fired).detail.result).to.equal('pass');
      await sleep(50);
      expect(devices.requests).to.have.length(1);
    } finally {
      el.remove();
    }
  });
});
