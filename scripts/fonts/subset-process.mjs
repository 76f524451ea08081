/**
 * A child process that subsets fonts, for subset.ts: harfbuzz (WebAssembly) cuts the TrueType
 * subset, and Google's woff2 encoder (native, @napi-rs/woff-build) compresses it when woff2 is
 * asked for. harfbuzz's memory only ever grows — by some 80 MB for a 15 MB CJK face — and what a
 * process allocated is given back to the system only when it ends (a worker thread leaves its
 * malloc arena behind), so the build subsets here and ends the process when it is done.
 * Plain JavaScript, so that the compiled pipeline and the TypeScript one both start it.
 *
 *   { file, sets: [characters…], format: 'truetype' | 'woff2', quality, native, keep } → { subsets: [bytes…], faces, collected } | { error }
 *
 * (quality: brotli's, for woff2; native: Google's woff2 encoder as @napi-rs/woff-build's binary,
 * else the same encoder built to WebAssembly, as subset-font uses it: subset.ts chooses both.)
 *
 * The TrueType subsets are those subset-font makes (the same harfbuzz build and calls: every
 * layout feature kept). Each face is read and parsed once per process and kept for the next
 * request: reading a 15 MB face and loading its tables costs more than cutting a subset of it.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// harfbuzz as subset-font loads it (the same build), and its converter for faces shipped as woff2 (LXGW WenKai's slices).
const subsetRequire = createRequire(require.resolve('subset-font'));
const fontverter = subsetRequire('fontverter');

process.on('message', async (message) => {
  try {
    const { made, collected } = await subsets(message);
    // How many parsed faces it keeps after this request (tests, and anyone watching its memory), and whether it collected garbage.
    process.send({ subsets: made, faces: opened.size, collected });
  } catch (error) {
    process.send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
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

/**
 * The faces read so far, by file, the last used last; a face is read again when its file changed.
 * At most `keep` stay (subset.ts asks for one while Chromium prints: each face holds some 15 MB of
 * harfbuzz's memory, which never shrinks, and the build's peak memory is reached while printing).
 */
const opened = new Map();

function close(hb, file) {
  const known = opened.get(file);
  hb.hb_face_destroy(known.face);
  hb.free(known.buffer);
  opened.delete(file);
}

/** The parsed face of `file`, whether it was read now, and whether reading it left a copy behind as garbage. */
async function faceOf(hb, file, keep) {
  const { size, mtimeMs } = await stat(file);
  const known = opened.get(file);
  if (known && known.size === size && known.mtimeMs === mtimeMs) {
    opened.delete(file);
    opened.set(file, known);
    return { face: known.face, read: false, garbage: false };
  }
  if (known) close(hb, file);
  // Freed before the next is read, so that harfbuzz reuses that memory instead of growing.
  while (opened.size >= Math.max(1, keep)) close(hb, opened.keys().next().value);
  const { buffer, length, garbage } = readSfntInto(hb, file) ?? (await convertedInto(hb, file));
  const blob = hb.hb_blob_create(buffer, length, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  opened.set(file, { face, buffer, size, mtimeMs });
  return { face, read: true, garbage };
}

/** The first four bytes of a TrueType or OpenType face, or a collection of them. */
const SFNT_TAGS = new Set([0x00010000, 0x74727565 /* true */, 0x4f54544f /* OTTO */, 0x74746366 /* ttcf */]);

/**
 * A TrueType or OpenType file read straight into harfbuzz's memory (undefined for a woff or
 * woff2 file). Reading it into a buffer of its own first and copying that in cost 120–300 ms a
 * face here, against ~5 ms: every page of a fresh 15 MB buffer is a page fault, and the copy
 * left 15 MB of garbage, while harfbuzz's memory is reused from the face freed before. The
 * process answers one request at a time, and nothing runs in harfbuzz while it reads: the memory
 * cannot grow (and move) under the read.
 */
function readSfntInto(hb, file) {
  const fd = openSync(file, 'r');
  try {
    const tag = new DataView(new ArrayBuffer(4));
    if (readSync(fd, new Uint8Array(tag.buffer), 0, 4, 0) < 4 || !SFNT_TAGS.has(tag.getUint32(0))) return undefined;
    const { size } = fstatSync(fd);
    const buffer = hb.malloc(size);
    for (let done = 0; done < size; ) {
      const read = readSync(fd, new Uint8Array(hb.memory.buffer, buffer + done, size - done), 0, size - done, done);
      if (read === 0) {
        hb.free(buffer);
        throw new Error(`${file} ended after ${done} of its ${size} bytes`);
      }
      done += read;
    }
    return { buffer, length: size, garbage: false };
  } finally {
    closeSync(fd);
  }
}

/** A face shipped as woff or woff2 (LXGW WenKai's slices), made TrueType and copied into harfbuzz's memory. */
async function convertedInto(hb, file) {
  const font = await fontverter.convert(await readFile(file), 'truetype');
  const buffer = hb.malloc(font.byteLength);
  new Uint8Array(hb.memory.buffer).set(font, buffer);
  return { buffer, length: font.byteLength, garbage: true };
}

/** Each character set of `sets` as a subset of the face in `file`, in `format`. */
async function subsets({ file, sets, format, quality, native, keep = Infinity }) {
  const hb = await loadHarfbuzz();
  const nativeEncoder = format === 'woff2' && native ? require('@napi-rs/woff-build') : undefined;
  const { face, garbage } = await faceOf(hb, file, keep);
  // A face converted from woff2 is garbage now that harfbuzz holds its copy; V8 would let it lie.
  // Only then: a collection takes ~10 ms, and a cold archive build asks a process for some
  // hundred subsets of the faces it already holds.
  const collected = garbage && typeof globalThis.gc === 'function';
  if (collected) globalThis.gc();
  const made = sets.map((characters) => {
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
    // A copy: the next subset may grow (and so move) harfbuzz's memory.
    const truetype = new Uint8Array(hb.memory.buffer.slice(offset, offset + length));
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    return nativeEncoder ? zeroPadding(new Uint8Array(nativeEncoder.convertTTFToWOFF2(truetype, { brotliQuality: quality }))) : truetype;
  });
  if (format !== 'woff2' || nativeEncoder) return { made, collected };
  return { made: await Promise.all(made.map(async (truetype) => new Uint8Array(await fontverter.convert(Buffer.from(truetype), 'woff2')))), collected };
}

const WOFF2_TTCF = 0x74746366;

/**
 * `woff2` with the padding after its compressed data zeroed. Google's encoder pads the data to
 * four bytes by moving past them, expecting a zeroed buffer; the native binding's is not zeroed,
 * so those (up to three) last bytes were whatever the memory held, and two builds of the same
 * font differed. The data's end: after the header (48 bytes), the table directory (flags, an
 * optional tag, UIntBase128 lengths) and the compressed stream (totalCompressedSize).
 */
function zeroPadding(woff2) {
  const view = new DataView(woff2.buffer, woff2.byteOffset, woff2.byteLength);
  if (view.getUint32(4) === WOFF2_TTCF) throw new Error('font collections are not subset');
  let offset = 48;
  const base128 = () => {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const byte = woff2[offset++];
      value = value * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) return value;
    }
    throw new Error('a woff2 table length runs over five bytes');
  };
  for (let table = 0; table < view.getUint16(12); table++) {
    const flags = woff2[offset++];
    const known = flags & 0x3f;
    if (known === 63) offset += 4;
    base128();
    // glyf (10) and loca (11) are transformed unless their version is 3; other tables when it is not 0.
    const version = flags >> 6;
    if (known === 10 || known === 11 ? version === 0 : version !== 0) base128();
  }
  const end = offset + view.getUint32(20);
  const next = view.getUint32(28) || view.getUint32(40) || woff2.length;
  if (end > next || next - end > 3) throw new Error(`woff2 padding of ${next - end} bytes: the encoder's output is not as expected`);
  woff2.fill(0, end, next);
  return woff2;
}
