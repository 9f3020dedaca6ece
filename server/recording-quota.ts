import { mkdir, readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredChunk } from './recording-manifest.js';

// How much the sink may store: without quotas anyone who can start a recording can fill the disk
// of the server, 32 MiB a PUT. Bytes are counted as they stream, and reserved by the uploads
// under way, so concurrent PUTs cannot pass a quota together.

export interface RecordingQuotas {
  /** Most bytes of chunks one recording holds: 413 `recording_too_large` past it. */
  maxRecordingBytes: number;
  /** Most bytes in the sink's folder, all recordings and the uploads under way: 507 `sink_full` past it. */
  maxTotalBytes: number;
  /** Free space kept on the disk of the sink's folder: below it no chunk is taken, 507 `disk_space_low`. */
  minFreeDiskBytes: number;
}

const GiB = 1024 ** 3;

/**
 * A 4-hour call recorded at 2 Mbit/s is 3.6 GB of composite, and each participant's own tracks
 * add about as much again: 16 GiB is past any real recording. 256 GiB is some sixty of those; a
 * deployment that keeps more sets its own. 1 GiB of free disk leaves room for the logs and the
 * system beside the sink.
 */
export const DEFAULT_RECORDING_QUOTAS: Readonly<RecordingQuotas> = Object.freeze({
  maxRecordingBytes: 16 * GiB,
  maxTotalBytes: 256 * GiB,
  minFreeDiskBytes: 1 * GiB,
});

export type RecordingQuotaRefusal = 'recording_too_large' | 'sink_full' | 'disk_space_low';

/** The quotas with any of them overridden, checked: a quota that is not a whole number would let everything in. */
export function recordingQuotas(overrides: Partial<RecordingQuotas> = {}): RecordingQuotas {
  const quotas = { ...DEFAULT_RECORDING_QUOTAS, ...overrides };
  for (const [name, value] of Object.entries(quotas)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`Recording sink: quotas.${name} must be a whole number of bytes, not ${value}.`);
  }
  return quotas;
}

/** One upload's hold on the quotas: grown as its bytes arrive, then counted as stored or let go. */
export interface QuotaClaim {
  /** Reserves `bytes` more, or answers the quota they would pass (and reserves nothing). */
  take(bytes: number): RecordingQuotaRefusal | null;
  /** Ends the claim: its bytes count as stored when `stored` (a new chunk), else are let go. */
  settle(stored: boolean): void;
}

interface Usage {
  stored: number;
  reserved: number;
}

/** How many recordings' usage is kept in memory; one past it is read again from storage when next needed. */
const USAGE_RECORDINGS = 1_000;

export class RecordingQuota {
  private total: Promise<Usage> | null = null;
  private readonly recordings = new Map<string, Promise<Usage>>();

  constructor(
    private readonly quotas: RecordingQuotas,
    private readonly folder: string,
    private readonly list: (recordingId: string) => Promise<StoredChunk[]>,
  ) {}

  /** Checked before a body is read: the disk's free space, and the bytes the request declares. */
  async refusal(recordingId: string, declaredBytes: number): Promise<RecordingQuotaRefusal | null> {
    const [total, recording] = await Promise.all([this.totalUsage(), this.usageOf(recordingId)]);
    const disk = await statfs(this.folder);
    if (disk.bavail * disk.bsize - total.reserved < this.quotas.minFreeDiskBytes) return 'disk_space_low';
    return this.excess(total, recording, declaredBytes);
  }

  /** A claim for one upload; a `free` one (a chunk whose key is already stored) holds nothing. */
  async claim(recordingId: string, free: boolean): Promise<QuotaClaim> {
    const [total, recording] = await Promise.all([this.totalUsage(), this.usageOf(recordingId)]);
    let held = 0;
    const take = (bytes: number) => {
      if (free) return null;
      const refusal = this.excess(total, recording, bytes);
      if (refusal) return refusal;
      held += bytes;
      total.reserved += bytes;
      recording.reserved += bytes;
      return null;
    };
    const settle = (stored: boolean) => {
      for (const usage of [total, recording]) {
        usage.reserved -= held;
        if (stored) usage.stored += held;
      }
      held = 0;
    };
    return { take, settle };
  }

  /** Drops a closed recording's usage; its bytes stay counted in the total. */
  forget(recordingId: string): void {
    this.recordings.delete(recordingId);
  }

  private excess(total: Usage, recording: Usage, bytes: number): RecordingQuotaRefusal | null {
    if (recording.stored + recording.reserved + bytes > this.quotas.maxRecordingBytes) return 'recording_too_large';
    if (total.stored + total.reserved + bytes > this.quotas.maxTotalBytes) return 'sink_full';
    return null;
  }

  /** Walked once per process, so the quota holds across a restart, then kept up to date. */
  private totalUsage(): Promise<Usage> {
    if (!this.total) {
      const total = mkdir(this.folder, { recursive: true })
        .then(() => bytesUnder(this.folder))
        .then((stored) => ({ stored, reserved: 0 }));
      total.catch(() => this.total === total && (this.total = null));
      this.total = total;
    }
    return this.total;
  }

  private usageOf(recordingId: string): Promise<Usage> {
    let usage = this.recordings.get(recordingId);
    // Taken out and put back, so the Map's order is least recently used first.
    this.recordings.delete(recordingId);
    if (!usage) {
      usage = this.list(recordingId).then((chunks) => ({ stored: chunks.reduce((sum, chunk) => sum + chunk.bytes, 0), reserved: 0 }));
      usage.catch(() => this.recordings.get(recordingId) === usage && this.recordings.delete(recordingId));
    }
    this.recordings.set(recordingId, usage);
    if (this.recordings.size > USAGE_RECORDINGS) this.recordings.delete(this.recordings.keys().next().value!);
    return usage;
  }
}

/** The size of every file below a folder. */
async function bytesUnder(folder: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) bytes += await bytesUnder(path);
    else if (entry.isFile()) bytes += (await stat(path).catch(() => null))?.size ?? 0;
  }
  return bytes;
}
