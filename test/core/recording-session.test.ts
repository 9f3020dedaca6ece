import { expect } from '@open-wc/testing';
import { RecordingSession, type RecordingManifest } from '../../src/index.js';
import { EngineFactory } from '../helpers/engines.js';
import { sleep, testEnv, uniqueRoom } from '../helpers/test-env.js';

// From the sink's start to its manifest, through the real outbox, uploader and reference
// server, with real MediaRecorders on the fake camera and microphone.

const sinkUrl = () => `${testEnv.signalingUrl}/lifeline/recordings`;

/** Each track's chunk numbers in the manifest, as "track/kind" -> seqs. */
const seqsOf = (manifest: RecordingManifest) => Object.fromEntries(manifest.tracks.map((t) => [`${t.track}/${t.kind}`, t.chunks.map((c) => c.seq)]));

describe('RecordingSession', () => {
  const engines = new EngineFactory();
  afterEach(() => engines.destroyAll());

  it('records a self-assessment: stop() once the last chunk is stored, delivered() with the manifest in order', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
    try {
      const session = await RecordingSession.assessment(stream, { sinkUrl: sinkUrl(), chunkMs: 1_000, track: 'candidate-7', meta: { question: 3 } });
      const handed: number[] = [];
      session.on('chunk', (chunk) => handed.push(chunk.seq));
      await sleep(2_600);
      await session.stop();
      const atStop = handed.length;
      const manifest = await session.delivered();
      expect(handed.length, 'no chunk after stop() resolved').to.equal(atStop);
      expect(manifest.recordingId).to.equal(session.target.recordingId);
      expect(manifest.clientMeta).to.deep.equal({ question: 3 });
      expect(manifest.missing).to.deep.equal([]);
      expect(seqsOf(manifest)).to.deep.equal({ 'candidate-7/av': handed });
      expect(handed.length).to.be.at.least(2);
      const [track] = manifest.tracks;
      expect(track.mimeType).to.match(/^video\/webm/);
      expect(track.chunks.every((c) => c.bytes > 1_000 && (c.durationMs ?? 0) > 0)).to.equal(true);
    } finally {
      stream.getTracks().forEach((t) => t.stop());
    }
  });

  it('records a call: one composite video and each participant’s voice reach the sink', async () => {
    const [ada] = await engines.connectedPair(uniqueRoom('rec'));
    const session = await RecordingSession.call(ada, { sinkUrl: sinkUrl(), chunkMs: 1_000 });
    await sleep(3_200);
    const manifest = await session.delivered();
    const seqs = seqsOf(manifest);
    expect(Object.keys(seqs).sort()).to.deep.equal(['ada/audio', 'bob/audio', 'composite/video']);
    for (const [key, list] of Object.entries(seqs)) {
      expect(list.length, key).to.be.at.least(2);
      expect(list, key).to.deep.equal([...list.keys()]);
    }
    expect(manifest.missing).to.deep.equal([]);
    expect(manifest.participants).to.include.members(['ada', 'bob']);
  });
});
