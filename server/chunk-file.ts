import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';

// A chunk's body goes to a temporary file as it arrives, hashed on the way: the sink never holds
// a chunk whole, so memory follows the number of uploads, not their size.

/** A chunk's body as received: flushed to a temporary file, with its size and sha-256. */
export interface ReceivedChunk {
  /** The temporary file. A storage may move it into place; the sink removes whatever is left. */
  path: string;
  bytes: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

/**
 * Asked before each piece is kept, with the bytes so far including it: a refusal code stops the
 * upload (the rest of the body is left unread), null lets the piece in.
 */
export type ByteBudget<Refusal extends string> = (bytesSoFar: number, pieceBytes: number) => Refusal | null;

/** The body in a new file in `folder`, or the budget's refusal (the file then removed). */
export async function receiveChunk<Refusal extends string>(
  req: IncomingMessage,
  folder: string,
  budget: ByteBudget<Refusal>,
): Promise<ReceivedChunk | { refusal: Refusal }> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, `${randomBytes(12).toString('hex')}.part`);
  const handle = await open(path, 'wx');
  const hash = createHash('sha256');
  let bytes = 0;
  let refusal: Refusal | null = null;
  try {
    // One piece at a time: the request is read no faster than the disk takes it.
    for await (const piece of req as AsyncIterable<Buffer>) {
      refusal = budget(bytes + piece.length, piece.length);
      if (refusal) break;
      bytes += piece.length;
      hash.update(piece);
      await handle.write(piece);
    }
    if (!refusal && !req.complete) throw new Error('upload cut off before its end');
    if (!refusal) await handle.datasync();
  } catch (error) {
    await handle.close();
    await unlink(path).catch(() => {});
    throw error;
  }
  await handle.close();
  if (refusal) {
    await unlink(path).catch(() => {});
    return { refusal };
  }
  return { path, bytes, sha256: hash.digest('hex') };
}

/** Removes a received chunk's file unless a storage has moved it away. */
export const discardChunk = (chunk: ReceivedChunk) => unlink(chunk.path).catch(() => {});
