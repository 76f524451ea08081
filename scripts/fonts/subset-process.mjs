/**
 * A child process that subsets fonts (harfbuzz and the woff2 encoder, both WebAssembly), for
 * subset.ts. Their memories only ever grow — by some 80 MB for a 15 MB CJK face — and what a
 * process allocated is given back to the system only when it ends (a worker thread leaves its
 * malloc arena behind), so the build subsets here and ends the process when it is done.
 * Plain JavaScript, so that the compiled pipeline and the TypeScript one both start it.
 *
 *   { file, characters, format } → { bytes } | { error }
 */
import { readFile } from 'node:fs/promises';
import subsetFont from 'subset-font';

process.on('message', async ({ file, characters, format }) => {
  try {
    // The face is read for each subset rather than kept: the file is in the page cache.
    const bytes = await subsetFont(await readFile(file), characters, { targetFormat: format });
    process.send({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  } catch (error) {
    process.send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  // The 15 MB face just read is garbage now; V8 would let a few of them pile up before collecting
  // (50 MB more per process). Collecting a heap this small takes a few milliseconds.
  globalThis.gc?.();
});
// The build went away: nothing left to do.
process.on('disconnect', () => process.exit(0));
