/**
 * The peak memory of a process and its descendants (Linux /proc), sampled while it runs, at a
 * bounded cost to the machine it measures.
 *
 * Each process's own memory counts with its proportional share (Pss_Anon + Pss_Shmem: pages
 * shared by forking, Chromium's zygote children, divided among them), and the mapped files (the
 * Chromium and node executables, fonts) once per program: the most any one of its processes has
 * resident. A plain sum of PSS would count the Chromium binary at half when another Chromium runs
 * on the machine at the same time. Chromium's crash handlers leave the tree at once (they are
 * adopted by init); they are counted too: the chrome_crashpad_handler processes that started
 * within a second of a Chromium of the tree.
 *
 * The proportional shares come from /proc/<pid>/smaps_rollup, which walks every mapping of the
 * process: some 2 ms of kernel time for a Chromium process here, 50 ms a sample for a printing
 * browser — sampled every 50 ms, that took half a core from the build it measured. So:
 *
 * - every sample reads /proc/<pid>/status (RssAnon, RssShmem, RssFile: constant time), whose sum
 *   is an upper bound of the figure above (a share is never more than the resident pages);
 * - smaps_rollup is read only when that bound is above the peak found so far: below it, the
 *   figure cannot be a new peak;
 * - the tree is found from /proc/<pid>/stat of the processes not seen before (a parent never
 *   changes but to init);
 * - the interval adapts so that the sampler spends at most `share` of one core (default 5 %),
 *   never sampling more often than every `minMs` (default 50 ms: a renderer's peak while it lays
 *   out an issue lasts a few hundred). The CPU time it spent is part of the result.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface TreePeak {
  /** Peak memory of the whole tree, KiB (see above). */
  treeKiB: number;
  /** Seconds from the start of sampling to the peak of the tree. */
  peakAt: number;
  /** Peak resident size of the process matched by `self` (with its threads), KiB. */
  selfKiB: number;
  /** CPU seconds (user + system) the sampler itself spent. */
  samplerCpu: number;
  /**
   * CPU seconds (user + system) of every process of the tree, as last seen by a sample: unlike
   * the rusage of the processes waited for (GNU time), it counts Chromium's renderers, which the
   * zygote reaps and nobody waits for. A process that lived between two samples is missed.
   */
  treeCpu: number;
  /** treeCpu by kind of process (see `kindOf`), CPU seconds. */
  cpuByKind: Record<string, number>;
  /** Samples taken, and how many of them read the proportional shares. */
  samples: number;
  exact: number;
  /**
   * Who held the memory at the peak: each kind of process (see `kindOf`) with its own memory
   * (KiB, proportional shares) and how many there were, and `files` for the mapped files.
   */
  atPeak: Record<string, { kib: number; processes: number }>;
}

/**
 * The kind of a process of a build's tree, for the breakdown at the peak: the build itself
 * (`self`: "build (node)"), a font subsetter, Pagefind, esbuild, and Chromium's browser, renderers, GPU, utility
 * and zygote processes.
 */
export function kindOf(argv: string[], self?: (argv: string[]) => boolean): string {
  const line = argv.join(' ');
  if (self?.(argv)) return 'build (node)';
  if (line.includes('subset-process')) return 'subsetter';
  if (line.includes('pagefind')) return 'pagefind';
  if (line.includes('esbuild')) return 'esbuild';
  const type = /--type=([a-z-]+)/.exec(line)?.[1];
  if (/chrom/.test(argv[0])) return type ? `chromium ${type}` : argv[0].includes('crashpad') ? 'chromium crashpad' : 'chromium browser';
  return argv[0].split('/').pop() || 'other';
}

export interface SamplerOptions {
  /** Shortest interval between samples, ms. */
  minMs?: number;
  /** Most of one core the sampler may use (0.05 = 5 %). */
  share?: number;
  /** The process whose resident size `selfKiB` reports (the first in the tree for which it holds). */
  self?: (argv: string[]) => boolean;
}

interface Seen {
  ppid: number;
  /** Start time, clock ticks since boot (100 a second on Linux). */
  start: number;
  crashpad: boolean;
}

/** Samples the tree of `root` until `stop()`, which returns the peaks. */
export function sampleTreeMemory(root: number, options: SamplerOptions = {}): { stop: () => TreePeak } {
  const minMs = options.minMs ?? 50;
  const share = options.share ?? 0.05;
  const seen = new Map<number, Seen>();
  const started = performance.now();
  const peak: TreePeak = { treeKiB: 0, peakAt: 0, selfKiB: 0, samplerCpu: 0, treeCpu: 0, cpuByKind: {}, samples: 0, exact: 0, atPeak: {} };
  /** "pid start" → CPU clock ticks used, as last read, and the kind of process. */
  const ticks = new Map<string, { used: number; kind: string }>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const tick = () => {
    const before = process.cpuUsage();
    try {
      sample();
    } catch {
      // /proc unreadable (not Linux): nothing to measure.
    }
    const used = process.cpuUsage(before);
    const cpuMs = (used.user + used.system) / 1000;
    peak.samplerCpu += cpuMs / 1000;
    peak.samples++;
    // Busy cpuMs out of every cpuMs / share: at most `share` of a core.
    if (!stopped) timer = setTimeout(tick, Math.max(minMs, cpuMs / share - cpuMs));
  };

  const sample = () => {
    const pids = new Set<number>();
    for (const name of readdirSync('/proc')) if (/^\d+$/.test(name)) pids.add(Number(name));
    for (const pid of seen.keys()) if (!pids.has(pid)) seen.delete(pid);
    for (const pid of pids) {
      const known = seen.get(pid);
      // A process seen before keeps its parent, unless that parent ended (it is then init's).
      if (known && (known.ppid === 1 || known.ppid === 0 || seen.has(known.ppid))) continue;
      const stat = readStat(pid);
      if (stat) seen.set(pid, stat);
    }
    const children = new Map<number, number[]>();
    for (const [pid, { ppid }] of seen) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    const tree: { pid: number; argv: string[]; status: string }[] = [];
    const chromiumStarts: number[] = [];
    const visit = (pid: number) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${pid} ${fields[19]}`;
        // An ended process that is not yet reaped (a zombie) has no command line left: it keeps the kind it had.
        ticks.set(key, { used: Number(fields[11]) + Number(fields[12]), kind: ticks.get(key)?.kind ?? kindOf(argv, options.self) });
        tree.push({ pid, argv, status: readFileSync(`/proc/${pid}/status`, 'latin1') });
        return argv;
      } catch {
        return undefined; // Gone, or not ours to read.
      }
    };
    const queue = [root];
    while (queue.length) {
      const pid = queue.pop()!;
      const argv = visit(pid);
      // Chromium's helpers put their whole command line into argv[0].
      if (argv && /chrom/.test(argv[0]) && !argv.join(' ').includes('--type=')) chromiumStarts.push(seen.get(pid)?.start ?? NaN);
      queue.push(...(children.get(pid) ?? []));
    }
    for (const [pid, { crashpad, ppid, start }] of seen) {
      if (crashpad && ppid === 1 && chromiumStarts.some((s) => Math.abs(start - s) <= 100)) visit(pid);
    }
    const files = new Map<string, number>();
    let bound = 0;
    for (const { argv, status } of tree) {
      bound += field(status, 'RssAnon') + field(status, 'RssShmem');
      const program = argv[0].split(' ')[0];
      files.set(program, Math.max(files.get(program) ?? 0, field(status, 'RssFile')));
    }
    peak.treeCpu = 0;
    peak.cpuByKind = {};
    for (const { used, kind } of ticks.values()) {
      peak.treeCpu += used / CLOCK_TICKS;
      peak.cpuByKind[kind] = (peak.cpuByKind[kind] ?? 0) + used / CLOCK_TICKS;
    }
    const self = tree.find(({ argv }) => options.self?.(argv));
    if (self) peak.selfKiB = Math.max(peak.selfKiB, field(self.status, 'VmRSS'));
    const mapped = [...files.values()].reduce((a, b) => a + b, 0);
    if (bound + mapped <= peak.treeKiB) return;
    let own = 0;
    const kinds: TreePeak['atPeak'] = { files: { kib: mapped, processes: files.size } };
    for (const { pid, argv, status } of tree) {
      let kib: number;
      try {
        const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
        kib = field(rollup, 'Pss_Anon') + field(rollup, 'Pss_Shmem');
      } catch {
        // Ended since its status was read: its last resident pages stand in, an upper bound.
        kib = field(status, 'RssAnon') + field(status, 'RssShmem');
      }
      own += kib;
      const kind = (kinds[kindOf(argv, options.self)] ??= { kib: 0, processes: 0 });
      kind.kib += kib;
      kind.processes++;
    }
    peak.exact++;
    if (own + mapped > peak.treeKiB) Object.assign(peak, { treeKiB: own + mapped, peakAt: (performance.now() - started) / 1000, atPeak: kinds });
  };

  tick();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      // The tree as it stands now is counted too: a process that lived between two samples (the interval grows with the tree) is seen if it is still there.
      try {
        sample();
      } catch {
        // /proc unreadable: nothing to measure.
      }
      return { ...peak, atPeak: { ...peak.atPeak }, cpuByKind: { ...peak.cpuByKind } };
    },
  };
}

/** USER_HZ: what /proc/<pid>/stat counts times in (100 on every Linux that matters). */
const CLOCK_TICKS = 100;

function readStat(pid: number): Seen | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // pid (comm) state ppid … starttime (field 22); comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), start: Number(fields[19]), crashpad: stat.includes('(chrome_crashpad') };
  } catch {
    return undefined; // The process ended while we looked.
  }
}

function field(text: string, name: string): number {
  return Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
}
