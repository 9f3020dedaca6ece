// First: the census wraps constructors and timers before any SDK code runs.
import '../helpers/sdk-census.js';
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../components/define.js';
import { CallEngine, RecordingSession, recordingDelivery } from '../../src/index.js';
import { LEAK_SUBJECTS, runLeakCycles } from '../helpers/leak-cycles.mjs';
import { testEnv, uniqueRoom } from '../helpers/test-env.js';

// Join/leave cycles in one page leave nothing open that the SDK opened, and no heap behind.
// A few cycles here; `npm run bench` runs fifty and prints the figures (bench/leaks.mjs).

const CYCLES = 5;
// Generous for five cycles: the bench holds fifty to the same bound.
const HEAP_GROWTH_LIMIT = 5 * 1024 * 1024;

const heap = async () => (await executeServerCommand<{ usedSize: number | null }, undefined>('lifeline-heap')).usedSize;

describe('no leaks', () => {
  for (const subject of LEAK_SUBJECTS) {
    it(`${subject}: ${CYCLES} join/leave cycles leave no connection, track, socket, timer, worker or page listener open, and no heap behind`, async function () {
      this.timeout(120_000);
      const figures = await runLeakCycles({
        subject,
        cycles: CYCLES,
        room: uniqueRoom('leaks'),
        signalingUrl: testEnv.signalingUrl,
        CallEngine,
        RecordingSession,
        recordingDelivery,
        heap,
      });
      // The census sees what a call opens: both sides' connections, sockets, tracks and timers.
      expect(figures.inCall).to.include({ peerConnections: 2, sockets: 2 });
      expect(figures.inCall.tracks).to.be.greaterThan(subject === 'voice-call' ? 1 : 3);
      expect(figures.inCall.timers).to.be.greaterThan(0);
      // The engine and <video-call> record each call: the recorders' workers run while they do.
      if (subject !== 'voice-call') expect(figures.inCall.workers).to.be.greaterThan(0);
      expect(figures.recordingsRunning, 'recordings still going after their call ended').to.equal(0);
      const { sources, ...counts } = figures.open;
      expect(counts, `still open ${figures.settledMs} ms after the last leave`).to.deep.equal({
        peerConnections: 0,
        tracks: 0,
        sockets: 0,
        audioContexts: 0,
        workers: 0,
        timers: 0,
        globalListeners: 0,
      });
      expect(sources).to.deep.equal([]);
      // Chromium only: Firefox has no CDP to force a collection.
      if (figures.heapGrowth !== null) expect(figures.heapGrowth, 'heap growth in bytes').to.be.below(HEAP_GROWTH_LIMIT);
    });
  }
});
