import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/define.js';
import type { LifelineQualityEvent } from '../../components/events/index.js';
import type { VideoCall, VoiceCall } from '../../components/index.js';
import type { CallEngine, QualityReport } from '../../src/index.js';
import { countRenders, expectSteadyPlayback, watchMediaElements, type MediaWatch } from '../helpers/media-playback.js';
import { part } from '../helpers/shadow-parts.js';
import { sleep, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// A video that showed a frame once may still be reloading every second: these tests watch the
// call's media elements over time, through renders the elements do anyway (quality reports,
// badges) and renders forced at a high rate, in real calls through the reference server.

type CallTag = 'video-call' | 'voice-call';
type CallEl = VideoCall | VoiceCall;

async function callPair(tag: CallTag, room: string): Promise<[CallEl, CallEl]> {
  const make = (id: string, name: string) =>
    tag === 'video-call'
      ? fixture<VideoCall>(
          html`<video-call room=${room} participant-id=${id} display-name=${name} signaling-url=${testEnv.signalingUrl} auto-join></video-call>`,
        )
      : fixture<VoiceCall>(
          html`<voice-call room=${room} participant-id=${id} display-name=${name} signaling-url=${testEnv.signalingUrl} auto-join></voice-call>`,
        );
  const ada = await make('ada', 'Ada');
  await waitFor(() => ada.state === 'waiting', 'Ada waiting');
  const bob = await make('bob', 'Bob');
  await waitFor(() => ada.state === 'connected' && bob.state === 'connected', 'both connected', 20_000);
  return [ada, bob];
}

/** The element playing the other person, once it has started. */
function remoteOutput(el: CallEl, tag: CallTag): Promise<HTMLMediaElement> {
  const name = tag === 'video-call' ? 'remote-video' : 'remote-audio';
  return waitFor(
    () => {
      const media = part<HTMLMediaElement>(el, name);
      return media && media.readyState >= 2 && media.currentTime > 0 && media;
    },
    `${tag}'s ${name} playing`,
    20_000,
  );
}

/** Chooses the default speaker where the browser can, so the test also sees that it is not re-applied. */
async function chooseSpeaker(engine: CallEngine): Promise<boolean> {
  if (!('setSinkId' in HTMLMediaElement.prototype)) return false;
  const outputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audiooutput' && d.deviceId);
  if (outputs.length === 0) return false;
  await engine.devices.selectSpeaker(outputs[0].deviceId);
  return true;
}

describe('media elements keep playing through renders', () => {
  let watch: MediaWatch;
  beforeEach(() => {
    watch = watchMediaElements();
  });
  afterEach(() => watch.stop());

  it('<video-call>: for 20 s of a call, each remote video loads once, its time and frames advance, muted and speaker are set once', async function () {
    this.timeout(90_000);
    const [ada, bob] = await callPair('video-call', uniqueRoom('playback'));
    const speakerChosen = await chooseSpeaker(bob.engine!);
    const [adaSees, bobSees] = await Promise.all([remoteOutput(ada, 'video-call'), remoteOutput(bob, 'video-call')]);
    const local = part<HTMLVideoElement>(bob, 'local-video')!;
    const renders = countRenders(bob);

    await Promise.all([expectSteadyPlayback(watch, adaSees, 20), expectSteadyPlayback(watch, bobSees, 20), expectSteadyPlayback(watch, local, 20)]);
    // The window really had renders in it (quality reports, about one a second, re-render the element).
    expect(renders.count).to.be.at.least(10);
    if (speakerChosen) expect(watch.of(bobSees).sinkIdSets).to.equal(1);
  });

  it('<voice-call>: for 10 s of a call, each remote audio loads once and its time advances', async function () {
    this.timeout(60_000);
    const [ada, bob] = await callPair('voice-call', uniqueRoom('playback'));
    const speakerChosen = await chooseSpeaker(ada.engine!);
    const [adaHears, bobHears] = await Promise.all([remoteOutput(ada, 'voice-call'), remoteOutput(bob, 'voice-call')]);
    const renders = countRenders(ada);

    await Promise.all([expectSteadyPlayback(watch, adaHears, 10), expectSteadyPlayback(watch, bobHears, 10)]);
    expect(renders.count).to.be.at.least(5);
    if (speakerChosen) expect(watch.of(adaHears).sinkIdSets).to.equal(1);
  });

  it('<video-call>: a storm of renders (forced updates every frame, quality reports at 50 Hz, the other side toggling its microphone) leaves the videos playing', async function () {
    this.timeout(90_000);
    const [ada, bob] = await callPair('video-call', uniqueRoom('storm'));
    const [adaSees, bobSees] = await Promise.all([remoteOutput(ada, 'video-call'), remoteOutput(bob, 'video-call')]);
    // Quality reports into the engine as its health monitor emits them, alternating levels so
    // every one changes a badge.
    const emitter = (bob.engine as unknown as { emitter: { emit(event: 'quality', report: QualityReport): void } }).emitter;
    const template = ((await oneEvent(bob, 'lifeline-quality')) as LifelineQualityEvent).detail;
    const renders = countRenders(bob);
    const storm = async () => {
      const until = performance.now() + 10_000;
      let frame = 0;
      const forced = () => {
        if (performance.now() > until) return;
        ada.requestUpdate();
        bob.requestUpdate();
        frame = requestAnimationFrame(forced);
      };
      frame = requestAnimationFrame(forced);
      let level = 0;
      while (performance.now() < until) {
        emitter.emit('quality', { ...template, level: (['good', 'fair', 'poor'] as const)[level++ % 3] });
        if (level % 15 === 0) await ada.engine!.setAudioEnabled(!ada.engine!.media.audio);
        await sleep(20);
      }
      cancelAnimationFrame(frame);
    };
    await Promise.all([expectSteadyPlayback(watch, adaSees, 10, storm), expectSteadyPlayback(watch, bobSees, 10, () => sleep(10_000))]);
    expect(renders.count).to.be.at.least(100);
    // The renders were real: Bob's tile of Ada follows her microphone after the storm.
    const adaMuted = !ada.engine!.media.audio;
    await waitFor(
      () => Boolean(part(bob, 'remote-tile')!.querySelector('[part~="muted"]')) === adaMuted,
      `Bob's tile of Ada marked ${adaMuted ? 'muted' : 'unmuted'}`,
    );
    // And his tile says a weak link in words, beside her name (not over the tile's buttons), until it is good again.
    emitter.emit('quality', { ...template, level: 'poor' });
    await bob.updateComplete;
    const badge = part(bob, 'remote-tile')!.querySelector('[part~="caption"] [part~="quality"], figcaption [part~="quality"]');
    expect(badge?.textContent).to.equal('Weak connection');
    emitter.emit('quality', { ...template, level: 'good' });
    await bob.updateComplete;
    expect(part(bob, 'remote-tile')!.querySelector('[part~="quality"]')).to.equal(null);
  });
});
