import { expect } from '@open-wc/testing';
import { AssessmentRecorder } from '../../src/recording/assessment-recorder.js';
import type { RecordedChunk } from '../../src/recording/types.js';
import { Ticker } from '../../src/recording/ticker.js';
import { decodesAlone } from '../helpers/recorded-chunks.js';
import { sleep } from '../helpers/test-env.js';

describe('AssessmentRecorder (real MediaRecorder, fake camera and microphone)', () => {
  let stream: MediaStream | null = null;
  afterEach(() => stream?.getTracks().forEach((track) => track.stop()));

  it('records chunks that each play on their own, in order, and stop() resolves only after the last was taken', async () => {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
    const log: string[] = [];
    const chunks: RecordedChunk[] = [];
    const recorder = new AssessmentRecorder({
      stream,
      recordingId: 'rec-1',
      chunkMs: 1_000,
      onChunk: async (chunk) => {
        // A slow outbox: stop() must still wait for it.
        await sleep(150);
        chunks.push(chunk);
        log.push(`stored ${chunk.seq}`);
      },
    });
    recorder.start();
    expect(recorder.recording).to.equal(true);
    await sleep(3_300);
    await recorder.stop();
    log.push('stopped');
    const countAtStop = chunks.length;
    await sleep(1_500);

    expect(chunks.length, 'no chunk after stop() resolved').to.equal(countAtStop);
    expect(log.at(-1)).to.equal('stopped');
    expect(chunks.map((c) => c.seq)).to.deep.equal([...chunks.keys()]);
    expect(chunks.length).to.be.within(3, 5);
    for (const chunk of chunks) {
      expect(chunk).to.include({ recordingId: 'rec-1', track: 'self', kind: 'av' });
      expect(chunk.mimeType).to.match(/^video\/webm/);
      expect(chunk.data.size).to.be.above(1_000);
      // The last chunk is what remained when stop() came: its length is the timers', not the
      // recorder's, and may be a few ms when a chunk had just been cut (42 ms was seen on a busy machine).
      expect(chunk.durationMs).to.be.within(chunk === chunks.at(-1) ? 1 : 200, 2_500);
    }
    // Chunks follow each other without a gap: each starts when the one before it ended.
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].startedAt - (chunks[i - 1].startedAt + chunks[i - 1].durationMs)).to.be.within(-50, 50);
    for (const chunk of chunks) await decodesAlone(chunk);
  });

  it('refuses a chunk length out of range with invalid_config', () => {
    expect(() => new AssessmentRecorder({ stream: new MediaStream(), recordingId: 'r', chunkMs: 10, onChunk: () => {} }))
      .to.throw()
      .with.property('code', 'invalid_config');
  });
});

describe('Ticker', () => {
  it('ticks from a worker at its interval', async () => {
    let ticks = 0;
    const ticker = new Ticker(50, () => ticks++);
    ticker.start();
    await sleep(600);
    ticker.stop();
    const atStop = ticks;
    expect(ticker.fellBack).to.equal(false);
    expect(atStop).to.be.within(7, 14);
    await sleep(200);
    expect(ticks, 'no tick after stop').to.equal(atStop);
  });
});
