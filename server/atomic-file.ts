import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Files that are either whole or absent, even if the process dies mid-write: the recording
// storage's and the webhook outbox's.

/** A fresh hidden name beside `target`, on its disk, so a rename onto the target is atomic. */
export const temporaryBeside = (target: string) => join(dirname(target), `.${randomBytes(8).toString('hex')}.tmp`);

/** Whether a file name is one `temporaryBeside` gives: what a crash mid-write leaves behind. */
export const isTemporaryName = (path: string) => /^\.[0-9a-f]{16}\.tmp$/.test(basename(path));

/** Writes a temporary file beside the target, flushes it, then renames it over the target. */
export async function writeAtomically(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryBeside(path);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}
