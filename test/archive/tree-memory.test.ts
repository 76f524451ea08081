/**
 * The benchmark's memory sampler (scripts/bench/tree-memory.ts): it finds memory held by a
 * grandchild, counts it once, and reports what it cost.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { sampleTreeMemory } from '../../scripts/bench/tree-memory.ts';

const MiB = 1024;

/** A node process whose child fills `mib` MiB of its own memory, holds it `ms`, and ends. */
function holder(mib: number, ms: number) {
  const grandchild = `const b = Buffer.alloc(${mib} * 1048576, 1); setTimeout(() => b.length, ${ms});`;
  const child = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }).on('exit', (c) => process.exit(c ?? 1));`;
  return spawn(process.execPath, ['-e', child], { stdio: 'inherit' });
}

describe('tree memory sampler', () => {
  it('sees the memory a grandchild holds, once, and says what sampling cost', async () => {
    const proc = holder(200, 1500);
    const sampler = sampleTreeMemory(proc.pid!, { self: (argv) => argv.includes('-e') && argv.some((a) => a.includes('child_process')) });
    await once(proc, 'exit');
    const peak = sampler.stop();
    // 200 MiB filled in the grandchild, plus two node processes (some 40–60 MiB each): counted once, not twice.
    expect(peak.treeKiB).toBeGreaterThan(200 * MiB);
    expect(peak.treeKiB).toBeLessThan(400 * MiB);
    // The middle process holds nothing of the buffer.
    expect(peak.selfKiB).toBeGreaterThan(10 * MiB);
    expect(peak.selfKiB).toBeLessThan(150 * MiB);
    expect(peak.samples).toBeGreaterThan(1);
    expect(peak.exact).toBeGreaterThan(0);
    expect(peak.exact).toBeLessThanOrEqual(peak.samples);
    expect(peak.samplerCpu).toBeGreaterThan(0);
    // Who held it: the grandchild (a node process that is not the one matched as the build) holds the buffer.
    expect(peak.atPeak['build (node)']).toMatchObject({ processes: 1 });
    expect(peak.atPeak['build (node)'].kib).toBeLessThan(150 * MiB);
    expect(peak.atPeak.node.kib).toBeGreaterThan(200 * MiB);
  });

  it('counts the CPU time of a grandchild, still there when the sampler stops', async () => {
    // The grandchild spins for 0.6 s of CPU (not of the clock), says so with its pid, and waits to be ended: however
    // long the sampler's interval on a loaded machine, its last sample (at stop) sees it.
    const grandchild = `const c = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; const s = c(); while (c() - s < 600); console.log('spun ' + process.pid); setInterval(() => undefined, 1000);`;
    const child = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }).on('exit', () => process.exit(0));`;
    const proc = spawn(process.execPath, ['-e', child], { stdio: ['ignore', 'pipe', 'inherit'] });
    const sampler = sampleTreeMemory(proc.pid!);
    const [line] = await once(proc.stdout!.setEncoding('utf8'), 'data');
    const pid = Number(/^spun (\d+)/.exec(String(line))?.[1]);
    const peak = sampler.stop();
    process.kill(pid);
    await once(proc, 'exit');
    expect(peak.treeCpu).toBeGreaterThanOrEqual(0.6);
  });

  it('reads the proportional shares only when the resident pages could be a new peak', async () => {
    // Shares read at every sample would make exact === samples; a steady tree needs them only while it grows.
    const proc = holder(50, 2500);
    const sampler = sampleTreeMemory(proc.pid!, { minMs: 20 });
    await once(proc, 'exit');
    const peak = sampler.stop();
    expect(peak.treeKiB).toBeGreaterThan(50 * MiB);
    expect(peak.exact).toBeLessThan(peak.samples);
  });
});
