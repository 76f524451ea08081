/** Temporary folders a test file made, removed after it (register with temporary(), remove with afterAll(removeTemporary)). */
import { rmSync } from 'node:fs';

const made: string[] = [];

export function temporary(dir: string): string {
  made.push(dir);
  return dir;
}

export function removeTemporary(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
