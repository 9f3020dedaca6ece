import { expect } from '@open-wc/testing';
import {
  ChunkOutbox,
  ChunkUploader,
  DEFAULT_UPLOAD_RETRY_POLICY,
  RecordingUploadError,
  backoffDelayMs,
  type CallError,
  type ChunkUploaderOptions,
  type UploadProgress,
  type UploadRetry,
} from '../../src/index.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { waitFor } from '../helpers/test-env.js';
import { bytesOf, recordedChunk, recordingTarget, sha256Hex } from '../helpers/recorded-chunks.js';

// The uploader's retry logic on a fake clock, a scripted sink and a scripted network; the real
// IndexedDB is in outbox.test.ts and the real sink in recording-delivery.test.ts.

type Answer = number | Error | { status: number; headers?: Record<string, string>; body?: string } | 'hang';

interface Request {
  method: string;
  url: string;
  headers: Headers;
  body: Blob | null;
}

class Scripted extends FakeClock {
  // A digest and the outbox settle after the fetch.
  override settleMs = 30;
  requests: Request[] = [];
  /** Answers in order of request; a 201 when the script runs out. */
  answers: Answer[] = [];
  randoms: number[] = [];
  online = true;
  inFlight = 0;
  maxInFlight = 0;
  private readonly onlineListeners = new Set<(online: boolean) => void>();

  options(outbox: ChunkOutbox, extra: Partial<ChunkUploaderOptions> = {}): ChunkUploaderOptions {
    return {
      outbox,
      ...this.timing,
      random: () => this.randoms.shift() ?? 0.5,
      online: {
        isOnline: () => this.online,
        onChange: (listener) => {
          this.onlineListeners.add(listener);
          return () => this.onlineListeners.delete(listener);
        },
      },
      fetch: (input, init) => this.fetch(String(input), init ?? {}),
      ...extra,
    };
  }

  get listeners(): number {
    return this.onlineListeners.size;
  }

  setOnline(online: boolean): void {
    this.online = online;
    for (const listener of this.onlineListeners) listener(online);
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    this.requests.push({ method: init.method ?? 'GET', url, headers: new Headers(init.headers), body: (init.body as Blob) ?? null });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // A real request takes a task or more; lanes that overlap show it here.
      await new Promise((resolve) => setTimeout(resolve, 1));
      const answer = this.answers.shift() ?? 201;
      if (answer === 'hang') {
        return await new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
      }
      if (answer instanceof Error) throw answer;
      const { status, headers, body } = typeof answer === 'number' ? { status: answer, headers: {}, body: '' } : answer;
      return new Response(init.method === 'HEAD' ? null : (body ?? ''), { status, headers });
    } finally {
      this.inFlight -= 1;
    }
  }
}

function started(clock: Scripted, extra: Partial<ChunkUploaderOptions> = {}) {
  const outbox = new ChunkOutbox({ indexedDB: null });
  const uploader = new ChunkUploader(clock.options(outbox, extra));
  const seen = { uploaded: [] as string[], retries: [] as UploadRetry[], errors: [] as CallError[], progress: [] as UploadProgress[] };
  uploader.on('uploaded', (key) => seen.uploaded.push(`${key.track}/${key.kind}/${key.seq}`));
  uploader.on('retry', (retry) => seen.retries.push(retry));
  uploader.on('error', (error) => seen.errors.push(error));
  uploader.on('progress', (progress) => seen.progress.push(progress));
  return { outbox, uploader, seen };
}

const target = recordingTarget();

describe('ChunkUploader', () => {
  it('replays the outbox on start, one upload at a time in seq order (audio and video of one time together), with the sink contract headers', async () => {
    const clock = new Scripted();
    const { outbox, uploader, seen } = started(clock);
    const chunks = [recordedChunk(2), recordedChunk(0), recordedChunk(1), recordedChunk(0, { track: 'ada', kind: 'audio' })];
    for (const chunk of chunks) await uploader.enqueue(chunk, target);
    expect(clock.requests, 'stopped: stored only').to.have.length(0);

    await uploader.start();
    await waitFor(() => seen.uploaded.length === 4, 'four uploads');
    expect(seen.uploaded).to.deep.equal(['ada/audio/0', 'composite/video/0', 'composite/video/1', 'composite/video/2']);
    expect(clock.maxInFlight).to.equal(1);
    const first = clock.requests[1];
    expect(first.method).to.equal('PUT');
    expect(first.url).to.equal('https://sink.example.org/lifeline/recordings/rec-1/chunks/composite/video/0');
    expect(first.headers.get('authorization')).to.equal('Bearer token-1');
    expect(first.headers.get('content-type')).to.equal('video/webm');
    expect(first.headers.get('x-lifeline-started-at')).to.equal(String(chunks[1].startedAt));
    expect(first.headers.get('x-lifeline-duration-ms')).to.equal('30000');
    expect(await bytesOf(first.body!)).to.deep.equal(await bytesOf(chunks[1].data));

    expect(await outbox.stats()).to.deep.equal({ count: 0, bytes: 0 });
    expect(uploader.progress).to.deep.include({ pendingChunks: 0, pendingBytes: 0, uploadedChunks: 4, uploadedBytes: 4096, lastUploadAt: clock.now });
    expect(
      seen.progress.some((p) => p.pendingChunks === 4 && p.pendingBytes === 4096),
      'progress counted the backlog',
    ).to.equal(true);
    await uploader.flush();
    uploader.stop();
  });

  it('drains two recordings side by side, each in its own order', async () => {
    const clock = new Scripted();
    const { uploader, seen } = started(clock);
    await uploader.start();
    await Promise.all(
      [0, 1, 2].flatMap((seq) => [
        uploader.enqueue(recordedChunk(seq), target),
        uploader.enqueue(recordedChunk(seq, { recordingId: 'rec-2' }), recordingTarget('rec-2')),
      ]),
    );
    await uploader.flush();
    expect(clock.maxInFlight).to.equal(2);
    const order = (id: string) => clock.requests.filter((r) => r.url.includes(`/${id}/`)).map((r) => r.url.split('/').pop());
    expect(order('rec-1')).to.deep.equal(['0', '1', '2']);
    expect(order('rec-2')).to.deep.equal(['0', '1', '2']);
    expect(seen.uploaded).to.have.length(6);
    uploader.stop();
  });

  it('backs off with full jitter, doubling from 1 s up to 30 s', () => {
    const policy = DEFAULT_UPLOAD_RETRY_POLICY;
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => backoffDelayMs(policy, attempt, () => 0.999999));
    expect(ceilings).to.deep.equal([999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
    expect([1, 5, 20].map((attempt) => backoffDelayMs(policy, attempt, () => 0))).to.deep.equal([0, 0, 0]);
    expect(backoffDelayMs(policy, 3, () => 0.5)).to.equal(2000);
  });

  it('retries network errors, 5xx and 408 with that backoff and never deletes before the acknowledgement', async () => {
    const clock = new Scripted();
    const { outbox, uploader, seen } = started(clock);
    clock.answers = [new TypeError('Failed to fetch'), 500, 502, 503, 504, 408, 201];
    clock.randoms = [0.999999, 0.999999, 0.5, 0, 0.999999, 0.999999];
    await uploader.start();
    await uploader.enqueue(recordedChunk(0), target);
    for (let i = 0; i < 6; i++) {
      await waitFor(() => seen.retries.length === i + 1, `retry ${i + 1}`);
      expect(await outbox.stats()).to.deep.include({ count: 1 });
      expect(uploader.progress.retrying).to.equal(true);
      await clock.advance(seen.retries[i].delayMs);
    }
    await waitFor(() => seen.uploaded.length === 1, 'the upload');
    expect(seen.retries.map((r) => [r.status, r.attempt, r.delayMs])).to.deep.equal([
      [null, 1, 999],
      [500, 2, 1999],
      [502, 3, 2000],
      [503, 4, 0],
      [504, 5, 15999],
      [408, 6, 29999],
    ]);
    expect(seen.retries[0].reason).to.contain('Failed to fetch');
    expect(seen.errors, 'passing failures are retries, not errors').to.have.length(0);
    expect(uploader.progress.retrying).to.equal(false);
    expect(await outbox.stats()).to.deep.equal({ count: 0, bytes: 0 });
    uploader.stop();
  });

  it("honours a 429's or 503's retry-after, in seconds or as a date, as a floor under the jitter and capped", async () => {
    const clock = new Scripted();
    const { uploader, seen } = started(clock);
    clock.randoms = [0, 0, 0.999999, 0];
    clock.answers = [
      { status: 429, headers: { 'retry-after': '7' } },
      // Read once the first 7 s have passed: 12 s from then.
      { status: 503, headers: { 'retry-after': new Date(clock.now + 19_000).toUTCString() } },
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 429, headers: { 'retry-after': '86400' } },
      201,
    ];
    await uploader.start();
    await uploader.enqueue(recordedChunk(0), target);
    for (let i = 0; i < 4; i++) {
      await waitFor(() => seen.retries.length === i + 1, `retry ${i + 1}`);
      await clock.advance(seen.retries[i].delayMs - 1);
      expect(clock.requests, 'not a moment early').to.have.length(i + 1);
      await clock.advance(1);
    }
    await waitFor(() => seen.uploaded.length === 1, 'the upload');
    expect(seen.retries.map((r) => r.delayMs)).to.deep.equal([7_000, 12_000, 3_999, DEFAULT_UPLOAD_RETRY_POLICY.maxRetryAfterMs]);
    uploader.stop();
  });

  for (const status of [400, 401, 403, 404, 413, 415]) {
    it(`does not retry a ${status}: the chunk stays on the device, stuck, reported, and the next chunks still go`, async () => {
      const clock = new Scripted();
      const { outbox, uploader, seen } = started(clock);
      clock.answers = [{ status, body: 'the sink says no' }];
      await uploader.start();
      const refused = recordedChunk(0);
      await uploader.enqueue(refused, target);
      await uploader.enqueue(recordedChunk(1), target);
      const failure = await uploader.flush().catch((error: CallError) => error);
      expect(failure).to.have.property('code', 'recording_upload_failed');

      expect(clock.requests).to.have.length(2);
      expect(seen.retries).to.have.length(0);
      expect(seen.uploaded).to.deep.equal(['composite/video/1']);
      expect(seen.errors).to.have.length(1);
      const error = seen.errors[0] as RecordingUploadError;
      expect(error).to.be.instanceOf(RecordingUploadError);
      expect(error.code).to.equal('recording_upload_failed');
      expect(error.status).to.equal(status);
      expect(error.key).to.deep.equal({ recordingId: 'rec-1', track: 'composite', kind: 'video', seq: 0 });
      expect(error.message).to.contain('the sink says no');

      const stuck = uploader.stuck();
      expect(stuck.map((s) => s.chunk.seq)).to.deep.equal([0]);
      expect(await bytesOf(stuck[0].chunk.data)).to.deep.equal(await bytesOf(refused.data));
      expect(stuck[0].target).to.deep.equal(target);
      expect(await outbox.stats()).to.deep.equal({ count: 1, bytes: 1024 });
      expect(uploader.progress).to.deep.include({ pendingChunks: 1, stuckChunks: 1, uploadedChunks: 1 });

      // Enqueued again, with a fresh token say, it is tried again.
      await uploader.enqueue(stuck[0].chunk, recordingTarget('rec-1', 'token-2'));
      await uploader.flush();
      expect(clock.requests[2].headers.get('authorization')).to.equal('Bearer token-2');
      expect(await outbox.stats()).to.deep.equal({ count: 0, bytes: 0 });
      uploader.stop();
    });
  }

  it('takes a 409 as stored when the HEAD etag is the chunk sha-256', async () => {
    const clock = new Scripted();
    const { outbox, uploader, seen } = started(clock);
    const chunk = recordedChunk(0);
    clock.answers = [409, { status: 200, headers: { etag: `"${await sha256Hex(chunk.data)}"` } }];
    await uploader.start();
    await uploader.enqueue(chunk, target);
    await uploader.flush();
    expect(clock.requests.map((r) => r.method)).to.deep.equal(['PUT', 'HEAD']);
    expect(clock.requests[1].url).to.equal(clock.requests[0].url);
    expect(clock.requests[1].headers.get('authorization')).to.equal('Bearer token-1');
    expect(seen.uploaded).to.deep.equal(['composite/video/0']);
    expect(await outbox.stats()).to.deep.equal({ count: 0, bytes: 0 });
    uploader.stop();
  });

  it('retries a 409 while the sink has nothing or other bytes there, and keeps the chunk as stuck after a few', async () => {
    const clock = new Scripted();
    const { outbox, uploader, seen } = started(clock);
    const conflict = (etag: string) => [409, { status: 200, headers: { etag } }] as Answer[];
    clock.answers = [409, 404, ...conflict('"0000"'), ...conflict('"1111"'), ...conflict('"2222"')];
    await uploader.start();
    await uploader.enqueue(recordedChunk(0), target);
    const flushed = uploader.flush().catch((error: CallError) => error);
    for (let i = 0; i < 3; i++) {
      await waitFor(() => seen.retries.length === i + 1, `retry ${i + 1}`);
      await clock.advance(seen.retries[i].delayMs);
    }
    expect(await flushed).to.have.property('code', 'recording_upload_failed');
    expect(clock.requests.map((r) => r.method).join(' ')).to.equal('PUT HEAD PUT HEAD PUT HEAD PUT HEAD');
    expect(seen.retries.map((r) => r.status)).to.deep.equal([409, 409, 409]);
    expect(seen.retries[0].reason).to.contain('HEAD answered 404');
    expect(seen.retries[1].reason).to.contain('other bytes');
    expect((seen.errors[0] as RecordingUploadError).status).to.equal(409);
    expect(uploader.stuck()).to.have.length(1);
    expect(await outbox.stats()).to.deep.include({ count: 1 });
    uploader.stop();
  });

  it('waits while offline and goes at once on `online`, even in the middle of a backoff', async () => {
    const clock = new Scripted();
    const { uploader, seen } = started(clock, { policy: { baseDelayMs: 20_000 } });
    clock.online = false;
    await uploader.start();
    await uploader.enqueue(recordedChunk(0), target);
    await clock.advance(60_000);
    expect(clock.requests).to.have.length(0);
    expect(uploader.progress).to.deep.include({ offline: true, pendingChunks: 1 });

    clock.answers = [new TypeError('Failed to fetch'), 201];
    clock.setOnline(true);
    await waitFor(() => seen.retries.length === 1, 'the first try, failed');
    expect(seen.retries[0].delayMs).to.be.greaterThan(1_000);
    clock.setOnline(false);
    clock.setOnline(true);
    await waitFor(() => seen.uploaded.length === 1, 'the second try, without waiting out the backoff');
    expect(clock.requests).to.have.length(2);
    expect(uploader.progress).to.deep.include({ offline: false, retrying: false, pendingChunks: 0 });
    uploader.stop();
  });

  it('gives up a stalled request after its timeout and tries again', async () => {
    const clock = new Scripted();
    const { uploader, seen } = started(clock);
    clock.answers = ['hang'];
    await uploader.start();
    await uploader.enqueue(recordedChunk(0, { size: 8192 }), target);
    await waitFor(() => clock.requests.length === 1, 'the request');
    await clock.advance(DEFAULT_UPLOAD_RETRY_POLICY.requestTimeoutMs + 999);
    expect(seen.retries).to.have.length(0);
    await clock.advance(1);
    await waitFor(() => seen.retries.length === 1, 'the retry');
    expect(seen.retries[0].reason).to.contain('TimeoutError');
    uploader.stop();
  });

  it('flush waits for its own recording only; stop aborts the upload in flight, keeps it in the outbox and lets go of everything', async () => {
    const clock = new Scripted();
    const { outbox, uploader } = started(clock);
    const early = await uploader.flush().catch((error: CallError) => error);
    expect(early, 'not started').to.have.property('code', 'invalid_state');

    await uploader.start();
    clock.answers = ['hang', 201];
    await uploader.enqueue(recordedChunk(0, { recordingId: 'rec-2' }), recordingTarget('rec-2'));
    await waitFor(() => clock.requests.length === 1, 'the hanging request');
    await uploader.enqueue(recordedChunk(0), target);
    await uploader.flush('rec-1');
    const waiting = uploader.flush().catch((error: CallError) => error);

    uploader.stop();
    uploader.stop();
    expect(await waiting).to.have.property('code', 'invalid_state');
    await clock.advance(0);
    expect(await outbox.stats('rec-2')).to.deep.include({ count: 1 });
    expect(clock.listeners).to.equal(0);
    expect(clock.timers).to.have.length(0);

    await uploader.start();
    await uploader.flush();
    expect(await outbox.stats()).to.deep.equal({ count: 0, bytes: 0 });
    uploader.stop();
  });
});
