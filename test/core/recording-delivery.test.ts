import { expect } from '@open-wc/testing';
import { ChunkOutbox, ChunkUploader, RecordingUploadError, chunkUrl, type CallError, type RecordedChunk, type RecordingTarget } from '../../src/index.js';
import { testEnv } from '../helpers/test-env.js';
import { recordedChunk, sha256Hex } from '../helpers/recorded-chunks.js';

// End to end: the outbox on real IndexedDB, the uploader on real fetch, and the reference
// server's recording sink.

const recordings = () => `${testEnv.signalingUrl}/lifeline/recordings`;

function startRecording(): Promise<Response> {
  return fetch(recordings(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ participants: ['ada'] }) });
}

async function newRecording(): Promise<RecordingTarget> {
  const response = await startRecording();
  expect(response.status, 'POST /lifeline/recordings').to.equal(201);
  const { recordingId, token, uploadUrl } = (await response.json()) as RecordingTarget;
  return { recordingId, token, uploadUrl: new URL(uploadUrl, testEnv.signalingUrl).href };
}

const chunksOf = (recordingId: string, count: number): RecordedChunk[] =>
  Array.from({ length: count }, (_, seq) => recordedChunk(seq, { recordingId, size: 50_000 + seq * 40_000 }));

/** Asserts the sink holds exactly these bytes at the chunk's key. */
async function expectStored(target: RecordingTarget, chunk: RecordedChunk): Promise<void> {
  const response = await fetch(chunkUrl(target, chunk), { method: 'HEAD', headers: { authorization: `Bearer ${target.token}` } });
  expect(response.status, `HEAD seq ${chunk.seq}`).to.equal(200);
  const etag = response.headers.get('etag');
  expect(etag, 'an etag the page can read (access-control-expose-headers: etag)').to.be.a('string');
  expect(etag!.replace(/^W\//, '').replace(/"/g, '').toLowerCase()).to.equal(await sha256Hex(chunk.data));
}

/** A fetch that notes the status of every PUT, to count deliveries. */
function countingFetch(puts: string[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (init?.method === 'PUT') puts.push(`${String(input).split('/').slice(-1)[0]}:${response.status}`);
    return response;
  };
}

describe('Recording delivery to the reference sink', () => {
  const outboxes: ChunkOutbox[] = [];
  const uploaders: ChunkUploader[] = [];
  const setUp = (fetchImpl?: typeof fetch, databaseName = `lifeline-recordings-e2e-${crypto.randomUUID()}`) => {
    const outbox = new ChunkOutbox({ databaseName });
    const uploader = new ChunkUploader({ outbox, fetch: fetchImpl });
    outboxes.push(outbox);
    uploaders.push(uploader);
    return { outbox, uploader, databaseName };
  };

  afterEach(async () => {
    for (const uploader of uploaders.splice(0)) uploader.stop();
    for (const outbox of outboxes.splice(0)) await outbox.close();
  });

  it('delivers every chunk exactly once, then empties the outbox', async () => {
    const target = await newRecording();
    const puts: string[] = [];
    const { outbox, uploader } = setUp(countingFetch(puts));
    const uploaded: number[] = [];
    uploader.on('uploaded', (key) => uploaded.push(key.seq));
    await uploader.start();
    const chunks = chunksOf(target.recordingId, 5);
    for (const chunk of chunks) await uploader.enqueue(chunk, target);
    await uploader.flush(target.recordingId);

    expect(uploaded).to.deep.equal([0, 1, 2, 3, 4]);
    expect(puts, 'one PUT each, each newly stored').to.deep.equal(['0:201', '1:201', '2:201', '3:201', '4:201']);
    for (const chunk of chunks) await expectStored(target, chunk);
    expect(await outbox.stats()).to.deep.equal({ count: 0, bytes: 0 });
    expect(uploader.progress).to.deep.include({ pendingChunks: 0, uploadedChunks: 5, uploadedBytes: chunks.reduce((sum, c) => sum + c.data.size, 0) });
  });

  it('keeps a chunk sent with a wrong token on the device, stuck, with recording_upload_failed', async () => {
    const target = { ...(await newRecording()), token: 'not-the-token' };
    const { outbox, uploader } = setUp();
    const errors: CallError[] = [];
    uploader.on('error', (error) => errors.push(error));
    await uploader.start();
    await uploader.enqueue(chunksOf(target.recordingId, 1)[0], target);
    const failure = await uploader.flush(target.recordingId).catch((error: CallError) => error);

    expect(failure).to.have.property('code', 'recording_upload_failed');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(RecordingUploadError);
    expect((errors[0] as RecordingUploadError).status).to.be.oneOf([401, 403]);
    expect(uploader.stuck().map((s) => s.chunk.seq)).to.deep.equal([0]);
    expect(await outbox.stats()).to.deep.include({ count: 1 });
  });

  it('delivers after a reload what was recorded before it', async () => {
    const target = await newRecording();
    const before = setUp();
    const chunks = chunksOf(target.recordingId, 3);
    for (const chunk of chunks) await before.uploader.enqueue(chunk, target);
    await before.outbox.close();

    // The reloaded page: a new outbox on the same database, a new uploader.
    const { outbox, uploader } = setUp(undefined, before.databaseName);
    await uploader.start();
    expect(uploader.progress.pendingChunks).to.equal(3);
    await uploader.flush(target.recordingId);
    for (const chunk of chunks) await expectStored(target, chunk);
    expect(await outbox.stats()).to.deep.equal({ count: 0, bytes: 0 });
  });
});
