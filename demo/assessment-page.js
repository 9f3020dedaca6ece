// The self-assessment demo: one person answers on camera, recorded by a RecordingSession into
// the reference server's recording sink. Opening the page replays what an earlier visit left.
import { loadRecording } from '/dist/lifeline.min.js';

// Recording is a chunk of its own: fetched as the page opens (it replays an earlier visit's
// outbox at once), with the buttons live meanwhile.
const recording = loadRecording();

const status = document.getElementById('status');
const record = document.getElementById('record');
const stop = document.getElementById('stop');
const say = (text) => (status.textContent = text);
let session = null;
let stream = null;

void recording
  .then(({ recordingDelivery }) => recordingDelivery())
  .then(({ uploader }) => {
    const { pendingChunks } = uploader.progress;
    if (pendingChunks > 0) say(`Uploading ${pendingChunks} part(s) left from your last visit…`);
  });

record.addEventListener('click', async () => {
  record.disabled = true;
  try {
    stream ??= await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    document.getElementById('preview').srcObject = stream;
    const { RecordingSession } = await recording;
    session = await RecordingSession.assessment(stream, { meta: { question: 'a-problem-you-solved' } });
    session.on(
      'progress',
      (p) => p.pendingChunks > 0 && say(`Recording. ${p.pendingChunks} part(s) waiting to upload${p.offline ? ' (offline: kept on this device)' : ''}.`),
    );
    stop.disabled = false;
    say('Recording.');
  } catch (error) {
    record.disabled = false;
    say(`Could not start: ${error.message}`);
  }
});

stop.addEventListener('click', async () => {
  stop.disabled = true;
  await session.stop();
  stream.getTracks().forEach((track) => track.stop());
  stream = null;
  say('Saving your answer…');
  try {
    const manifest = await session.delivered();
    const parts = manifest.tracks.reduce((sum, track) => sum + track.chunks.length, 0);
    say(`Saved: ${parts} part(s), ${Math.round(manifest.tracks[0]?.durationMs / 1000)} s.`);
  } catch (error) {
    say(`${error.message} What was recorded is kept on this device.`);
  }
  record.disabled = false;
});
