// The end-to-end recording page: a call through <video-call> and a RecordingSession, driven by
// test/e2e/recording.test.mjs through `window.rec`. On load it opens the page's recording
// delivery, which replays whatever an earlier load of this page left in the outbox.
import { CallEngine, loadRecording } from '/dist/lifeline.min.js';

// Recording is a chunk of its own, fetched here at once: this page is about recording.
const { RecordingSession, recordingDelivery } = await loadRecording();

const query = new URLSearchParams(location.search);
const handed = JSON.parse(sessionStorage.getItem('handed') ?? '[]');
let engine = null;
let session = null;
const progress = [];

const delivery = recordingDelivery().then(({ uploader }) => {
  uploader.on('progress', (p) => progress.push(p));
  return uploader.progress;
});

window.rec = {
  /** Chunks handed to the outbox, over reloads of this tab: "track/kind/seq". */
  handed,
  progress,
  delivery: () => delivery,
  async join(room, id) {
    engine = new CallEngine({ signalingUrl: query.get('signaling'), participantId: id, displayName: id.toUpperCase() });
    document.getElementById('call').engine = engine;
    await engine.join(room);
  },
  connected: () => engine?.state === 'connected' && [...engine.remoteStreams.values()].some((s) => s.getAudioTracks().length > 0),
  async record(chunkMs, kind = 'call') {
    const options = { sinkUrl: query.get('sink'), chunkMs };
    if (kind === 'call') {
      session = await RecordingSession.call(engine, options);
    } else {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
      session = await RecordingSession.assessment(stream, options);
    }
    session.on('chunk', (chunk) => {
      handed.push(`${chunk.track}/${chunk.kind}/${chunk.seq}`);
      sessionStorage.setItem('handed', JSON.stringify(handed));
    });
    return session.target.recordingId;
  },
  stop: () => session.stop(),
  delivered: () => session.delivered(),
  visibility: () => document.visibilityState,
};
