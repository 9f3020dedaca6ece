import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/define.js';
import type { LifelineScreenShareEvent, VideoCall } from '../../components/index.js';
import { CallEngine } from '../../src/index.js';
import { part, parts } from '../helpers/shadow-parts.js';
import { expectFramesAdvancing, screenCaptureOptions, stopCanvasScreens } from '../helpers/screen-capture.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// Two <video-call> elements in a room: one shares from its button, the other shows the screen in
// a tile of its own beside the sharer's camera.

describe('<video-call> screen share', () => {
  const engines: CallEngine[] = [];
  afterEach(() => {
    for (const engine of engines.splice(0)) engine.destroy();
    stopCanvasScreens();
  });

  it('shares from the button; the other element shows the screen in a tile of its own, frames moving, and drops it when stopped', async () => {
    const room = uniqueRoom('screen-el');
    const engine = new CallEngine({ participantId: 'ada', displayName: 'Ada', signalingUrl: testEnv.signalingUrl, ...screenCaptureOptions() });
    engines.push(engine);
    const ada = await fixture<VideoCall>(html`<video-call room=${room} .engine=${engine} auto-join></video-call>`);
    const bob = await fixture<VideoCall>(
      html`<video-call room=${room} display-name="Bob" participant-id="bob" signaling-url=${testEnv.signalingUrl} auto-join></video-call>`,
    );
    await waitFor(() => ada.state === 'connected' && bob.state === 'connected', 'both connected');

    const started = oneEvent(ada, 'lifeline-screen-share') as Promise<LifelineScreenShareEvent>;
    part(ada, 'screen-share-button')!.click();
    const { detail } = await started;
    expect(detail.sharing).to.equal(true);
    expect(detail.stream).to.equal(engine.screenStream);
    await waitFor(() => part(ada, 'screen-share-button')!.getAttribute('aria-pressed') === 'true', 'the share button pressed');

    const video = await waitFor(() => part<HTMLVideoElement>(bob, 'screen-video'), 'a screen video on the other side');
    const tile = part(bob, 'screen-tile')!;
    expect(tile.dataset.participantId).to.equal('ada');
    expect(tile.getAttribute('part')).to.contain('tile');
    expect(video.getAttribute('aria-label')).to.equal('Screen shared by Ada');
    // The camera's tile stays: the screen comes beside it, not in its place.
    expect(part<HTMLVideoElement>(bob, 'remote-video')!.srcObject).not.to.equal(video.srcObject);
    await waitFor(() => video.videoWidth > 0, 'the screen video playing');
    await expectFramesAdvancing(video.srcObject as MediaStream);
    await expect(bob).to.be.accessible();
    await expect(ada).to.be.accessible();

    const stopped = oneEvent(ada, 'lifeline-screen-share') as Promise<LifelineScreenShareEvent>;
    part(ada, 'screen-share-button')!.click();
    expect((await stopped).detail).to.deep.equal({ sharing: false, stream: null });
    await waitFor(() => parts(bob, 'screen-tile').length === 0, 'the screen tile gone');
    expect(part(ada, 'screen-share-button')!.getAttribute('aria-pressed')).to.equal('false');
  });
});
