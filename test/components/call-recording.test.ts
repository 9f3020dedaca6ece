import { expect, fixture, html } from '@open-wc/testing';
import '../../components/video-call/video-call.js';
import type { VideoCall } from '../../components/video-call/video-call.component.js';
import type { LifelineRecordingEvent } from '../../components/events/index.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// <video-call>'s recording: started and stopped by the host, shown by the indicator, told by
// lifeline-recording; the recording itself goes through the real sink.

const indicator = (el: VideoCall) => el.shadowRoot!.querySelector<HTMLElement>('[part~="recording"]');

describe('<video-call> recording', () => {
  it('records the call, shows it, and says when the recording is saved', async () => {
    const room = uniqueRoom('rec');
    const element = (id: string) =>
      fixture<VideoCall>(html`<video-call room=${room} participant-id=${id} signaling-url=${testEnv.signalingUrl} auto-join></video-call>`);
    const [ada, bob] = [await element('ada'), await element('bob')];
    await waitFor(() => ada.state === 'connected' && bob.state === 'connected', 'both connected');
    const states: string[] = [];
    ada.addEventListener('lifeline-recording', (e: LifelineRecordingEvent) => states.push(e.detail.state));

    expect(indicator(ada)).to.equal(null);
    await ada.startRecording({ sinkUrl: `${testEnv.signalingUrl}/lifeline/recordings`, chunkMs: 1_000 });
    // Every track recorded something before the stop: on a loaded machine the grid's first
    // frames can take longer than any fixed wait (a 2.2 s sleep once left it without a chunk).
    const recorded = new Set<string>();
    ada.recording!.on('chunk', (chunk) => recorded.add(`${chunk.track}/${chunk.kind}`));
    await waitFor(() => indicator(ada), 'the recording indicator');
    expect(indicator(ada)!.dataset.state).to.equal('recording');
    expect(indicator(ada)!.getAttribute('role')).to.equal('status');
    expect(indicator(ada)!.textContent).to.match(/^Recording\./);
    await expect(ada).to.be.accessible();
    await waitFor(() => recorded.size === 3, `a chunk of every track (so far ${[...recorded].join(', ')})`, 20_000);

    await ada.stopRecording();
    await waitFor(() => indicator(ada)!.dataset.state === 'saved', 'the recording saved', 20_000);
    expect(indicator(ada)!.textContent).to.equal('Recording saved.');
    expect(states).to.deep.equal(['recording', 'saving', 'saved']);
    const manifest = await ada.recording!.delivered();
    expect(manifest.tracks.map((t) => `${t.track}/${t.kind}`).sort()).to.deep.equal(['ada/audio', 'bob/audio', 'composite/video']);
  });

  it('refuses to record before joining, with not_joined', async () => {
    const el = await fixture<VideoCall>(html`<video-call room="r"></video-call>`);
    const error = await el.startRecording().catch((e) => e);
    expect(error).to.have.property('code', 'not_joined');
  });
});
