/**
 * Writing a file so that a reader never sees half of it (write-file-atomic: written beside it,
 * then renamed over it), its folder made first.
 */
import { mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type WriteFileAtomic from 'write-file-atomic';

/** Loaded at the first write: a build that writes nothing (no change) does without its 70 ms of loading. */
let loaded: typeof WriteFileAtomic | undefined;
const writeFileAtomic = (): typeof WriteFileAtomic => (loaded ??= createRequire(import.meta.url)('write-file-atomic') as typeof WriteFileAtomic);

export async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic()(path, typeof data === 'string' ? data : asBuffer(data));
}

export function writeAtomicallySync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic().sync(path, typeof data === 'string' ? data : asBuffer(data));
}

/** The same bytes as a Buffer (write-file-atomic takes strings and Buffers), not a copy. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
