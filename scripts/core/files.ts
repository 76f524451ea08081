/**
 * Writing a file so that a reader never sees half of it (write-file-atomic: written beside it,
 * then renamed over it), its folder made first.
 */
import { mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, typeof data === 'string' ? data : asBuffer(data));
}

export function writeAtomicallySync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic.sync(path, typeof data === 'string' ? data : asBuffer(data));
}

/** The same bytes as a Buffer (write-file-atomic takes strings and Buffers), not a copy. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
