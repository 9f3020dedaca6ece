import { expect } from '@open-wc/testing';
import { CallRecorder } from '../../src/recording/call-recorder.js';
import type { RecordedChunk } from '../../src/recording/types.js';
import { decodesAlone } from '../helpers/recorded-chunks.js';
import { sleep } from '../helpers/test-env.js';

describe('CallRecorder (real MediaRecorder on the fake devices)', () => {
  const streams: MediaStream[] = [];
  afterEach(() => streams.splice(0).forEach((s) => s.getTracks().forEach((t) => t.stop())));

  async function camera(): Promise<MediaStream> {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
    streams.push(stream);
    return stream;
  }

  it('records one composite video and one voice per participant; a voice that leaves and comes back goes on counting', async () => {
    const [ada, bob] = [await camera(), await camera()];
    const chunks: RecordedChunk[] = [];
    const recorder = new CallRecorder({
      recordingId: 'call-1',
      chunkMs: 1_000,
      compositor: { width: 640, height: 360, fps: 15 },
      onChunk: (c) => void chunks.push(c),
    });
    expect(recorder.videoFormat.mimeType).to.match(/^video\/webm;codecs=vp[89]$/);
    expect(recorder.audioFormat.mimeType).to.match(/^audio\/webm/);
    recorder.setParticipants([
      { id: 'ada', name: 'Ada', stream: ada },
      { id: 'bob', name: 'Bob', stream: bob },
    ]);
    recorder.start();
    await sleep(1_500);
    recorder.setParticipants([{ id: 'ada', name: 'Ada', stream: ada }]); // Bob leaves...
    await sleep(700);
    recorder.setParticipants([
      { id: 'ada', name: 'Ada', stream: ada },
      { id: 'bob', name: 'Bob', stream: bob },
    ]); // ...and is back
    await sleep(1_500);
    const frames = recorder.compositor.framesDrawn;
    await recorder.stop();

    const of = (track: string, kind: string) => chunks.filter((c) => c.track === track && c.kind === kind).map((c) => c.seq);
    const composite = of('composite', 'video');
    expect(composite.length).to.be.at.least(3);
    expect(composite).to.deep.equal([...composite.keys()]);
    expect(of('ada', 'audio')).to.deep.equal([...of('ada', 'audio').keys()]);
    const bobs = of('bob', 'audio').sort((a, b) => a - b);
    expect(bobs, 'numbers go on after Bob came back, none repeated').to.deep.equal([...bobs.keys()]);
    expect(bobs.length).to.be.at.least(3);
    expect(chunks.every((c) => c.recordingId === 'call-1' && c.data.size > 0)).to.equal(true);
    // 15 fps for about 3.7 s (55 frames), on a visible page; bounded loosely for loaded machines
    // (the hidden-page frame rate is measured end to end, on whole chunks).
    expect(frames).to.be.within(40, 60);
    for (const chunk of chunks.filter((c) => c.seq === 0 || c.track === 'composite')) await decodesAlone(chunk);
  });
});
