import type { RecordedChunk } from '../../src/recording/types.js';
import { waitFor } from './test-env.js';

/**
 * Whether a chunk is a file that plays on its own: a media element of its kind loads it alone,
 * decodes its first frame (a picture of some size, for video) and is not in error.
 */
export async function decodesAlone(chunk: RecordedChunk): Promise<true> {
  const element = document.createElement(chunk.kind === 'audio' ? 'audio' : 'video');
  element.muted = true;
  const url = URL.createObjectURL(chunk.data);
  const what = `${chunk.track} ${chunk.kind} chunk ${chunk.seq}`;
  try {
    element.src = url;
    document.body.append(element);
    await element.play().catch(() => {});
    await waitFor(() => element.error || (element.readyState >= 2 && (chunk.kind === 'audio' || (element as HTMLVideoElement).videoWidth > 0)), `${what} to decode`, 5_000);
    if (element.error) throw new Error(`${what} does not decode: ${element.error.message}`);
    return true;
  } finally {
    element.remove();
    URL.revokeObjectURL(url);
  }
}
