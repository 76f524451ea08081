/**
 * The cleanup registry (scripts/core/cleanup.ts) in a process of its own: what it runs on a signal,
 * with what exit code, and how a command waiting for Ctrl-C (daan serve) closes in order.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const registry = pathToFileURL(join(import.meta.dirname, '..', '..', 'scripts', 'core', 'cleanup.ts')).href;
const work = mkdtempSync(join(tmpdir(), 'daan-cleanup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `body` (after the registry is imported as `cleanup`) with tsx; sends `signals` once it printed "ready". */
function run(body: string, signals: NodeJS.Signals[]): Promise<{ code: number | null; stdout: string }> {
  const script = join(work, `case-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(script, `import * as cleanup from ${JSON.stringify(registry)};\n${body}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('ready\n') && signals.length) {
        // One signal at a time, the next after the process answered the first.
        const next = signals.shift()!;
        setTimeout(() => child.kill(next), 50);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('the cleanup registry', () => {
  it('runs the exit tasks on SIGTERM and exits with 143', async () => {
    const left = join(work, 'staging-term');
    const result = await run(
      `import { mkdirSync, rmSync } from 'node:fs';\nmkdirSync(${JSON.stringify(left)});\ncleanup.atExit(() => rmSync(${JSON.stringify(left)}, { recursive: true }));\nconsole.log('ready');\nsetInterval(() => {}, 1000);`,
      ['SIGTERM'],
    );
    expect(result.code).toBe(143);
    expect(existsSync(left)).toBe(false);
  });

  it('lets a command waiting for Ctrl-C close in order and exit 0; its exit tasks still run', async () => {
    const left = join(work, 'staging-int');
    const result = await run(
      `import { mkdirSync, rmSync } from 'node:fs';\nmkdirSync(${JSON.stringify(left)});\nconst forget = cleanup.atExit(() => rmSync(${JSON.stringify(left)}, { recursive: true }));\nconst keep = setInterval(() => {}, 1000);\nconsole.log('ready');\nawait cleanup.untilInterrupted();\nconsole.log('closing');\nclearInterval(keep);`,
      ['SIGINT'],
    );
    expect(result.stdout).toContain('closing');
    expect(result.code).toBe(0);
    expect(existsSync(left)).toBe(false);
  });

  it('exits with 130 on a second Ctrl-C while the command is still closing, after the exit tasks ran', async () => {
    const left = join(work, 'staging-twice');
    const result = await run(
      `import { mkdirSync, rmSync } from 'node:fs';\nmkdirSync(${JSON.stringify(left)});\ncleanup.atExit(() => rmSync(${JSON.stringify(left)}, { recursive: true }));\nsetInterval(() => {}, 1000);\nconsole.log('ready');\nawait cleanup.untilInterrupted();\nconsole.log('closing');\nconsole.log('ready');`,
      ['SIGINT', 'SIGINT'],
    );
    expect(result.stdout).toContain('closing');
    expect(result.code).toBe(130);
    expect(existsSync(left)).toBe(false);
  });

  it('leaves Node its own behaviour once nothing is registered', async () => {
    const result = await run(`const forget = cleanup.atExit(() => console.log('never'));\nforget();\nconsole.log('ready');\nsetInterval(() => {}, 1000);`, ['SIGTERM']);
    expect(result.stdout).not.toContain('never');
    expect(result.code).toBeNull();
  });
});
