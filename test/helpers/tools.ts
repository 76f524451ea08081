/** Command-line tools the tests read PDFs with; a missing tool fails with a clear message, never a silent skip. */
import { execFileSync, spawnSync } from 'node:child_process';

export function requireTool(name: string, apt: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  if (!found) throw new Error(`This test needs \`${name}\`: install it with apt-get install ${apt}`);
}

export function run(name: string, args: string[], apt = 'poppler-utils'): string {
  requireTool(name, apt);
  return execFileSync(name, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
