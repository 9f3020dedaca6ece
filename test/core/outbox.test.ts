import { expect } from '@open-wc/testing';
import { ChunkOutbox, OUTBOX_DATABASE, type CallError } from '../../src/index.js';
import { bytesOf, recordedChunk, recordingTarget } from '../helpers/recorded-chunks.js';

// The outbox on the browser's real IndexedDB. A new ChunkOutbox on the same database is what a
// reloaded page gets.

const databases: string[] = [];

function database(): string {
  const name = `lifeline-recordings-test-${crypto.randomUUID()}`;
  databases.push(name);
  return name;
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

const keys = (entries: { chunk: { recordingId: string; track: string; kind: string; seq: number } }[]) =>
  entries.map(({ chunk }) => `${chunk.recordingId}/${chunk.track}/${chunk.kind}/${chunk.seq}`);

describe('ChunkOutbox', () => {
  afterEach(async () => {
    for (const name of databases.splice(0)) await deleteDatabase(name);
  });

  it('keeps chunks, byte for byte with their target, across closing and reopening (as a reload would)', async () => {
    const name = database();
    const before = new ChunkOutbox({ databaseName: name });
    await before.open();
    expect(before.storage).to.equal('indexeddb');
    const chunks = [recordedChunk(0, { size: 200_000 }), recordedChunk(1, { size: 3 }), recordedChunk(2, { size: 70_000 })];
    for (const chunk of chunks) expect(await before.put(chunk, recordingTarget())).to.equal(true);
    await before.delete(chunks[1]);
    await before.close();

    const after = new ChunkOutbox({ databaseName: name });
    const pending = await after.pending();
    expect(keys(pending)).to.deep.equal(['rec-1/composite/video/0', 'rec-1/composite/video/2']);
    for (const [i, original] of [chunks[0], chunks[2]].entries()) {
      const { chunk, target } = pending[i];
      expect(chunk.data).to.be.instanceOf(Blob);
      expect(await bytesOf(chunk.data)).to.deep.equal(await bytesOf(original.data));
      expect({ ...chunk, data: null }).to.deep.equal({ ...original, data: null });
      expect(target).to.deep.equal(recordingTarget());
    }
    expect(await after.stats()).to.deep.equal({ count: 2, bytes: 270_000 });
    await after.close();
  });

  it('has a put committed by the time it resolves: another connection sees it at once', async () => {
    const name = database();
    const outbox = new ChunkOutbox({ databaseName: name });
    await outbox.put(recordedChunk(7), recordingTarget());
    const other = new ChunkOutbox({ databaseName: name });
    expect(keys(await other.pending())).to.deep.equal(['rec-1/composite/video/7']);
    await Promise.all([outbox.close(), other.close()]);
  });

  it('orders by recording, track, kind and seq, seq numerically, and keeps recordings apart', async () => {
    const outbox = new ChunkOutbox({ databaseName: database() });
    const seqs = [10, 2, 9, 0, 11, 1];
    for (const seq of seqs) await outbox.put(recordedChunk(seq), recordingTarget());
    await outbox.put(recordedChunk(3, { recordingId: 'rec-2', track: 'ada', kind: 'audio' }), recordingTarget('rec-2', 'token-2'));
    await outbox.put(recordedChunk(1, { recordingId: 'rec-2' }), recordingTarget('rec-2', 'token-2'));
    await outbox.put(recordedChunk(0, { recordingId: 'rec-2', track: 'ada', kind: 'audio' }), recordingTarget('rec-2', 'token-2'));

    expect(keys(await outbox.pending('rec-1'))).to.deep.equal([0, 1, 2, 9, 10, 11].map((seq) => `rec-1/composite/video/${seq}`));
    const second = await outbox.pending('rec-2');
    expect(keys(second)).to.deep.equal(['rec-2/ada/audio/0', 'rec-2/ada/audio/3', 'rec-2/composite/video/1']);
    expect(second.map((entry) => entry.target.token)).to.deep.equal(['token-2', 'token-2', 'token-2']);
    expect(await outbox.stats('rec-2')).to.deep.equal({ count: 3, bytes: 3072 });

    await outbox.delete({ recordingId: 'rec-2', track: 'composite', kind: 'video', seq: 1 });
    expect(await outbox.stats('rec-1')).to.deep.equal({ count: 6, bytes: 6144 });
    expect(await outbox.stats()).to.deep.equal({ count: 8, bytes: 8192 });
    await outbox.close();
  });

  it('keeps a chunk it cannot write (storage full) in memory, says so with recording_storage_full, and keeps it pending', async () => {
    const outbox = new ChunkOutbox({ databaseName: database() });
    const errors: CallError[] = [];
    outbox.on('error', (error) => errors.push(error));
    await outbox.open();
    const put = Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, 'put')!;
    Object.defineProperty(IDBObjectStore.prototype, 'put', {
      ...put,
      value: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    });
    let stored: boolean;
    try {
      stored = await outbox.put(recordedChunk(0, { fill: 7 }), recordingTarget());
    } finally {
      Object.defineProperty(IDBObjectStore.prototype, 'put', put);
    }
    expect(stored).to.equal(false);
    expect(errors.map((error) => error.code)).to.deep.equal(['recording_storage_full']);
    expect(errors[0].message).to.contain('storage on the device is full');
    const pending = await outbox.pending();
    expect(keys(pending)).to.deep.equal(['rec-1/composite/video/0']);
    expect((await bytesOf(pending[0].chunk.data))[0]).to.equal(7);

    // Once there is room again, the same chunk goes to disk and is not kept twice.
    expect(await outbox.put(recordedChunk(0, { fill: 7 }), recordingTarget())).to.equal(true);
    expect(await outbox.stats()).to.deep.equal({ count: 1, bytes: 1024 });
    await outbox.close();
  });

  it('falls back to memory where there is no IndexedDB, and says so instead of failing', async () => {
    const outbox = new ChunkOutbox({ indexedDB: null });
    const notices: string[] = [];
    outbox.on('memory-only', (reason) => notices.push(reason));
    expect(await outbox.put(recordedChunk(1), recordingTarget())).to.equal(false);
    await outbox.put(recordedChunk(0), recordingTarget());
    expect(outbox.storage).to.equal('memory');
    expect(notices).to.have.length(1);
    expect(notices[0]).to.contain('memory only');
    expect(keys(await outbox.pending())).to.deep.equal(['rec-1/composite/video/0', 'rec-1/composite/video/1']);
    await outbox.delete(recordedChunk(0));
    expect(await outbox.stats()).to.deep.equal({ count: 1, bytes: 1024 });
  });

  it('refuses a chunk whose key it could not store, and opens `lifeline-recordings` by default', async () => {
    const outbox = new ChunkOutbox({ databaseName: database() });
    for (const bad of [{ seq: -1 }, { seq: 1.5 }, { kind: 'screen' }, { track: '' }, { recordingId: 'another' }]) {
      const error = await outbox.put({ ...recordedChunk(0), ...bad } as never, recordingTarget()).catch((e: CallError) => e);
      expect(error, JSON.stringify(bad)).to.have.property('code', 'invalid_config');
    }
    expect(await outbox.stats()).to.deep.equal({ count: 0, bytes: 0 });
    await outbox.close();

    const standard = new ChunkOutbox();
    await standard.open();
    expect(standard.storage).to.equal('indexeddb');
    expect((await indexedDB.databases()).map((db) => db.name)).to.include(OUTBOX_DATABASE);
    await standard.close();
  });
});
