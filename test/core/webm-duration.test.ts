import { expect } from '@open-wc/testing';
import { webmHeaderWithDuration, withWebmDuration } from '../../src/recording/webm-duration.js';
import { sleep, waitFor } from '../helpers/test-env.js';

// EBML, written out: an id, a size (1 byte, 0x80 | n, or 8 bytes of 1s for "unknown"), the data.
const el = (id: number[], data: number[]) => [...id, 0x80 | data.length, ...data];
const UNKNOWN = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const ebmlHeader = el(
  [0x1a, 0x45, 0xdf, 0xa3],
  el(
    [0x42, 0x82],
    [...'webm'].map((c) => c.charCodeAt(0)),
  ),
);
const timecodeScale = el([0x2a, 0xd7, 0xb1], [0x0f, 0x42, 0x40]); // 1,000,000 ns: milliseconds
const muxingApp = el([0x4d, 0x80], [0x4c]);
const cluster = [0x1f, 0x43, 0xb6, 0x75, ...UNKNOWN, 0xe7, 0x81, 0x00];

/** The Info element's Duration in a header, in ms (its timecode scale being 1 ms). */
function durationIn(bytes: Uint8Array): number | null {
  for (let i = 0; i + 11 <= bytes.length; i++) {
    if (bytes[i] === 0x44 && bytes[i + 1] === 0x89 && bytes[i + 2] === 0x88) return new DataView(bytes.buffer, bytes.byteOffset + i + 3, 8).getFloat64(0);
  }
  return null;
}

/** The duration a media element reads from a file's metadata. */
async function durationOf(blob: Blob): Promise<number> {
  const video = document.createElement('video');
  video.muted = true;
  video.src = URL.createObjectURL(blob);
  try {
    await waitFor(() => video.readyState >= 1, 'metadata');
    return video.duration;
  } finally {
    URL.revokeObjectURL(video.src);
  }
}

describe('WebM duration', () => {
  it('adds a Duration to a live-stream header and grows Info by its 11 bytes', () => {
    const info = el([0x15, 0x49, 0xa9, 0x66], [...timecodeScale, ...muxingApp]);
    const head = Uint8Array.from([...ebmlHeader, 0x18, 0x53, 0x80, 0x67, ...UNKNOWN, ...info, ...cluster]);
    const fixed = webmHeaderWithDuration(head, 31_250)!;
    expect(fixed.length).to.equal(head.length + 11);
    expect(durationIn(fixed)).to.equal(31_250);
    const infoAt = ebmlHeader.length + 12;
    expect(fixed[infoAt + 4]).to.equal(0x80 | (info.length - 5 + 11)); // Info's size, grown
    expect([...fixed.subarray(fixed.length - cluster.length)]).to.deep.equal(cluster); // the media untouched
  });

  it('overwrites an existing 8-byte Duration and grows a Segment of known size', () => {
    const zeroDuration = [0x44, 0x89, 0x88, 0, 0, 0, 0, 0, 0, 0, 0];
    const withDuration = el([0x15, 0x49, 0xa9, 0x66], [...timecodeScale, ...zeroDuration]);
    const head = Uint8Array.from([...ebmlHeader, 0x18, 0x53, 0x80, 0x67, 0x80 | withDuration.length, ...withDuration]);
    expect(durationIn(webmHeaderWithDuration(head, 1_500)!)).to.equal(1_500);
    const noDuration = el([0x15, 0x49, 0xa9, 0x66], timecodeScale);
    const known = Uint8Array.from([...ebmlHeader, 0x18, 0x53, 0x80, 0x67, 0x80 | noDuration.length, ...noDuration]);
    const grown = webmHeaderWithDuration(known, 2_000)!;
    expect(grown[ebmlHeader.length + 4]).to.equal(0x80 | (noDuration.length + 11));
  });

  it('leaves what it does not understand alone', async () => {
    expect(webmHeaderWithDuration(Uint8Array.from([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70]), 1_000)).to.equal(null);
    expect(webmHeaderWithDuration(Uint8Array.from(ebmlHeader), 1_000)).to.equal(null);
    const mp4 = new Blob([new Uint8Array(16)], { type: 'video/mp4' });
    expect(await withWebmDuration(mp4, 1_000)).to.equal(mp4);
  });

  it('gives a real MediaRecorder file a duration that a media element reads', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
    try {
      const parts: Blob[] = [];
      const recorder = new MediaRecorder(stream, { mimeType: 'video/webm' });
      recorder.ondataavailable = (e) => parts.push(e.data);
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start(250);
      await sleep(1_500);
      recorder.stop();
      await stopped;
      const recorded = new Blob(parts, { type: recorder.mimeType });
      // As recorded, a live stream: Chromium (and ffprobe) know no duration until the end is
      // played; Firefox finds it by reading the file's end.
      if (!navigator.userAgent.includes('Firefox')) expect(await durationOf(recorded)).to.equal(Infinity);
      expect(await durationOf(await withWebmDuration(recorded, 1_500))).to.be.within(1.2, 1.8);
    } finally {
      stream.getTracks().forEach((t) => t.stop());
    }
  });
});
