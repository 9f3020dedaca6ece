// Join/leave cycles in one page, for the leak test (a few cycles) and the leak bench (fifty):
// a partner engine waits in the room; the subject (a `CallEngine`, or a `<video-call>` or
// `<voice-call>` made afresh each cycle) joins, connects to it and leaves (an element by
// `leave()` and removal, or by removal alone, in turn). At the end both are gone, and the page
// must hold nothing the SDK opened (resource-census.mjs) and no more heap than after the first
// cycle. Plain JS, because the bench's page loads it as it is.
import { census, censusBeyond, nothingBeyond } from './resource-census.mjs';

export const LEAK_SUBJECTS = ['engine', 'video-call', 'voice-call'];

async function until(check, what, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const connectedTo = (engine, id) => engine?.peerConnections.get(id)?.connectionState === 'connected';

/**
 * Runs one warm-up cycle, then `cycles` more, of `subject` (one of LEAK_SUBJECTS) in `room`.
 * `CallEngine`, `RecordingSession` and `recordingDelivery` are the SDK's; the elements must be
 * registered. `heap()` collects garbage and resolves to the bytes in use, or to null where the
 * browser cannot say (Firefox).
 * Resolves to `{ cycles, msPerCycle, inCall, open, settledMs, recordingsRunning, heapGrowth }`:
 * `recordingsRunning` counts recordings still going after their call ended; `inCall` is the
 * census during the last call (proof that it sees what the SDK opens), `open` what the census
 * holds beyond what it held before the first cycle, once everything was let go (given up to
 * `settleMs` to close), `heapGrowth` bytes or null.
 */
export async function runLeakCycles({
  subject,
  cycles,
  room,
  signalingUrl,
  CallEngine,
  RecordingSession,
  recordingDelivery,
  heap,
  settleMs = 10_000,
  stepTimeoutMs = 20_000,
}) {
  // The engine and <video-call> record every call they are in (and leave without stopping it),
  // so the recorders' workers, canvas and timers are counted too. A page has one recording
  // delivery (the outbox and its uploader, which outlive calls to upload what they recorded):
  // made first, it is part of what the page held before.
  const record = subject !== 'voice-call';
  const recording = { sinkUrl: new URL('/lifeline/recordings', signalingUrl).href, chunkMs: 1_000 };
  if (record) await recordingDelivery();
  const before = census();
  const media = subject === 'voice-call' ? { audio: true, video: false } : { audio: true, video: true };
  const quiet = { warn: () => {} };
  const partner = new CallEngine({ signalingUrl, participantId: 'partner', media, logger: quiet });
  const engine = subject === 'engine' ? new CallEngine({ signalingUrl, participantId: 'subject', media, logger: quiet }) : null;
  const wait = (check, what) => until(check, what, stepTimeoutMs);

  const sessions = [];
  let cycleCount = 0;
  async function cycle() {
    // Every other element leaves by being taken off the page alone, as a host's router does.
    const removeOnly = cycleCount++ % 2 === 1;
    let element = null;
    if (engine) await engine.join(room);
    else {
      element = Object.assign(document.createElement(subject), { room, signalingUrl, participantId: 'subject' });
      document.body.append(element);
      // In the CDN build <voice-call> is fetched on first use: it upgrades once its chunk is here.
      await customElements.whenDefined(subject);
      await element.join();
    }
    const subjectEngine = engine ?? element.engine;
    await wait(
      () => connectedTo(subjectEngine, 'partner') && connectedTo(partner, 'subject'),
      `the call of cycle ${cycleCount} to connect (the subject ${subjectEngine.state}, the partner ${partner.state})`,
    );
    if (record && element) await element.startRecording(recording);
    if (record) sessions.push(element ? element.recording : await RecordingSession.call(engine, recording));
    inCall = census();
    if (!(element && removeOnly)) await (engine ?? element).leave();
    element?.remove();
    await wait(
      () => partner.state === 'waiting' && partner.peerConnections.size === 0,
      `the partner to see the subject of cycle ${cycleCount} leave (the partner ${partner.state}, ${partner.peerConnections.size} peer connections)`,
    );
  }

  let inCall = null;
  let heapGrowth = null;
  let msPerCycle = 0;
  try {
    await partner.join(room);
    await cycle();
    const heapBefore = await heap();
    const startedAt = performance.now();
    for (let i = 0; i < cycles; i++) await cycle();
    msPerCycle = Math.round((performance.now() - startedAt) / cycles);
    engine?.destroy();
    partner.destroy();
    const settleStart = performance.now();
    const settle = () => until(() => nothingBeyond(censusBeyond(census(), before)), 'everything to close', settleMs).catch(() => {});
    await settle();
    const settledMs = Math.round(performance.now() - settleStart);
    // Each recording must have ended with its call. Then the page's delivery uploads what they
    // recorded, with timers of its own while it does: wait for that (delivered(), an event, not a
    // time), let go of the sessions, and count again.
    const recordingsRunning = sessions.filter((session) => session.recording).length;
    await Promise.all(sessions.map((session) => session.delivered().catch(() => {})));
    sessions.length = 0;
    await settle();
    const heapAfter = await heap();
    if (heapBefore !== null && heapAfter !== null) heapGrowth = heapAfter - heapBefore;
    return { cycles, msPerCycle, inCall, open: censusBeyond(census(), before), settledMs, recordingsRunning, heapGrowth };
  } finally {
    engine?.destroy();
    partner.destroy();
  }
}
