// MediaRecorder writes WebM as a live stream: the Segment's Info has no Duration, so players
// and ffprobe cannot say how long a chunk is until they have read all of it. Once a chunk is
// complete its length is known; this writes it into the header, which makes each chunk a
// normal file. Only the first few kilobytes are parsed and rewritten; the rest is kept as is.

const EBML_HEADER = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;
/** The header (EBML, Segment start, SeekHead, Info) fits in this many bytes in every recorder seen. */
const HEAD_BYTES = 64 * 1024;

interface Vint {
  value: number;
  length: number;
  /** All value bits set: an element of unknown size (a live stream's Segment). */
  unknown: boolean;
}

/** An EBML variable-length integer at `at`: the length marker kept for ids, stripped for sizes. */
function readVint(bytes: Uint8Array, at: number, keepMarker: boolean): Vint | null {
  const first = bytes[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23; // leading zeros in the byte, plus one
  if (at + length > bytes.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i];
    allOnes &&= bytes[at + i] === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

/** A size as an EBML variable-length integer of exactly `length` bytes. */
function writeSize(value: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  out[0] |= 0x80 >> (length - 1);
  return out;
}

interface Element {
  id: number;
  /** Where the element, its data, and the next element start. */
  start: number;
  dataStart: number;
  size: Vint;
}

function readElement(bytes: Uint8Array, at: number): Element | null {
  const id = readVint(bytes, at, true);
  const size = id && readVint(bytes, at + id.length, false);
  if (!id || !size) return null;
  return { id: id.value, start: at, dataStart: at + id.length + size.length, size };
}

/** The children of the element whose data spans [from, to) that lie wholly in `bytes`. */
function* children(bytes: Uint8Array, from: number, to: number): Generator<Element> {
  for (let at = from; at < to;) {
    const element = readElement(bytes, at);
    if (!element || element.size.unknown) return;
    yield element;
    at = element.dataStart + element.size.value;
  }
}

/** A big-endian unsigned integer of `length` bytes. */
function readUint(bytes: Uint8Array, at: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + bytes[at + i];
  return value;
}

function float64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value);
  return out;
}

/**
 * The header of a WebM file with its Duration set to `durationMs`, or null when the bytes are
 * not a WebM header this understands (then the file is better left as it is).
 */
export function webmHeaderWithDuration(head: Uint8Array, durationMs: number): Uint8Array<ArrayBuffer> | null {
  const ebml = readElement(head, 0);
  if (!ebml || ebml.id !== EBML_HEADER) return null;
  const segment = readElement(head, ebml.dataStart + ebml.size.value);
  if (!segment || segment.id !== SEGMENT) return null;
  const segmentEnd = segment.size.unknown ? head.length : Math.min(head.length, segment.dataStart + segment.size.value);
  const info = [...children(head, segment.dataStart, segmentEnd)].find((e) => e.id === INFO);
  if (!info || info.dataStart + info.size.value > head.length) return null;

  let scaleNs = 1_000_000;
  let duration: Element | undefined;
  for (const field of children(head, info.dataStart, info.dataStart + info.size.value)) {
    if (field.id === TIMECODE_SCALE) scaleNs = readUint(head, field.dataStart, field.size.value) || scaleNs;
    if (field.id === DURATION) duration = field;
  }
  // Duration is a float in units of the timecode scale (nanoseconds per tick; 1 ms by default).
  const ticks = (durationMs * 1_000_000) / scaleNs;

  if (duration && duration.size.value === 8) {
    const out = head.slice();
    out.set(float64(ticks), duration.dataStart);
    return out;
  }
  if (duration) return null; // a 4-byte float: rare, and not worth the precision games
  // Append a Duration to Info, whose size grows by its 11 bytes; a known Segment size grows too.
  const added = Uint8Array.of(0x44, 0x89, 0x88, ...float64(ticks));
  const infoSize = writeSize(info.size.value + added.length, info.size.length);
  if (info.size.value + added.length >= 2 ** (7 * info.size.length) - 1) return null;
  const infoEnd = info.dataStart + info.size.value;
  const parts = [
    head.subarray(0, segment.start + (segment.dataStart - segment.start - segment.size.length)),
    segment.size.unknown
      ? head.subarray(segment.dataStart - segment.size.length, segment.dataStart)
      : writeSize(segment.size.value + added.length, segment.size.length),
    head.subarray(segment.dataStart, info.dataStart - info.size.length),
    infoSize,
    head.subarray(info.dataStart, infoEnd),
    added,
    head.subarray(infoEnd),
  ];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `blob` with its WebM Duration written in; any other blob, or one this cannot read, as it is. */
export async function withWebmDuration(blob: Blob, durationMs: number): Promise<Blob> {
  if (!/^(video|audio)\/webm/.test(blob.type) || durationMs <= 0) return blob;
  const headLength = Math.min(blob.size, HEAD_BYTES);
  const head = new Uint8Array(await blob.slice(0, headLength).arrayBuffer());
  const fixed = webmHeaderWithDuration(head, durationMs);
  return fixed ? new Blob([fixed, blob.slice(headLength)], { type: blob.type }) : blob;
}
