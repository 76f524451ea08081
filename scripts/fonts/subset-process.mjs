/**
 * A child process that subsets fonts (harfbuzz and the woff2 encoder, both WebAssembly), for
 * subset.ts. Their memories only ever grow — by some 80 MB for a 15 MB CJK face — and what a
 * process allocated is given back to the system only when it ends (a worker thread leaves its
 * malloc arena behind), so the build subsets here and ends the process when it is done.
 * Plain JavaScript, so that the compiled pipeline and the TypeScript one both start it.
 *
 *   { file, characters, format } → { bytes } | { error }
 *   { file, slices: [characters…] } → { slices: [woff2 bytes…] } | { error }
 *
 * The second form cuts one face into many small web-font slices with the libraries subset-font is
 * built on (the same calls, so the same bytes as subset-font gives for each), reading the face
 * once for all of them: reading a 15 MB face costs more than subsetting a slice of it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);
// The libraries subset-font itself is built on: the same harfbuzz build and the same woff2 encoder.
const subsetRequire = createRequire(require.resolve('subset-font'));
const fontverter = subsetRequire('fontverter');

process.on('message', async (message) => {
  try {
    if (message.slices) {
      const slices = await subsetSlices(message.file, message.slices);
      process.send({ slices });
    } else {
      const { file, characters, format } = message;
      // The face is read for each subset rather than kept: the file is in the page cache.
      const bytes = await subsetFont(await readFile(file), characters, { targetFormat: format });
      process.send({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    }
  } catch (error) {
    process.send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  // The 15 MB face just read is garbage now; V8 would let a few of them pile up before collecting
  // (50 MB more per process). Collecting a heap this small takes a few milliseconds.
  globalThis.gc?.();
});
// The build went away: nothing left to do.
process.on('disconnect', () => process.exit(0));

let harfbuzz;

async function loadHarfbuzz() {
  if (!harfbuzz) {
    const wasm = await readFile(subsetRequire.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const { instance } = await WebAssembly.instantiate(wasm);
    instance.exports._initialize();
    harfbuzz = instance.exports;
  }
  return harfbuzz;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;

/** Each character set of `slices` as a woff2 subset of the face in `file`, with every layout feature kept (as subset-font does). */
async function subsetSlices(file, slices) {
  const hb = await loadHarfbuzz();
  const font = await readFile(file);
  const buffer = hb.malloc(font.byteLength);
  new Uint8Array(hb.memory.buffer).set(font, buffer);
  const blob = hb.hb_blob_create(buffer, font.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const truetype = [];
  try {
    for (const characters of slices) {
      const input = hb.hb_subset_input_create_or_fail();
      if (input === 0) throw new Error('harfbuzz could not start a subset');
      const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
      hb.hb_set_clear(features);
      hb.hb_set_invert(features);
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const c of characters) hb.hb_set_add(unicodes, c.codePointAt(0));
      const subset = hb.hb_subset_or_fail(face, input);
      hb.hb_subset_input_destroy(input);
      if (subset === 0) throw new Error(`harfbuzz could not subset ${file}`);
      const result = hb.hb_face_reference_blob(subset);
      const offset = hb.hb_blob_get_data(result, 0);
      const length = hb.hb_blob_get_length(result);
      truetype.push(Buffer.from(new Uint8Array(hb.memory.buffer, offset, length)));
      hb.hb_blob_destroy(result);
      hb.hb_face_destroy(subset);
    }
  } finally {
    hb.hb_face_destroy(face);
    hb.free(buffer);
  }
  const woff2 = [];
  for (const ttf of truetype) {
    const bytes = await fontverter.convert(ttf, 'woff2', 'truetype');
    woff2.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  return woff2;
}
