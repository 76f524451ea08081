/**
 * `npm run bench:photos`: what photos cost a build (a script that prints figures, not a test).
 * Copies content/ into a temporary folder, adds an article with 10 photos (3000×2000 JPEGs made
 * here: smooth gradients under grain, which encode like real photos), and times
 * `node bin/daan.mjs build --force` in a new process: with an empty build cache (cold: every web
 * and print copy is encoded) and again with the cache it left (warm), then without the photos.
 *
 *   npm run bench:photos             # HTML and PDF
 *   npm run bench:photos -- --no-pdf # HTML only
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

const root = resolve(import.meta.dirname, '..', '..');
const extra = process.argv.slice(2).filter((a) => a === '--no-pdf');
const PHOTOS = 10;

/** A 3000×2000 photo-like JPEG, different for each seed. */
export async function photo(seed: number, width = 3000, height = 2000): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 7919 + 1;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = ((x * 255) / width + random() * 30 + seed * 20) & 0xff;
      pixels[i + 1] = ((y * 255) / height + random() * 30) & 0xff;
      pixels[i + 2] = ((Math.sin((x + seed * 97) / 90) * Math.cos(y / 70) + 1) * 110 + random() * 30) & 0xff;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** Wall-clock seconds of the build, and the CPU seconds of it and its children (GNU time, where installed): on a shared machine the CPU time is the steadier figure. */
function timeBuild(content: string, out: string, cache: string): { wall: number; cpu?: number } {
  const argv = [process.execPath, join(root, 'bin/daan.mjs'), 'build', '--force', '--quiet', '--content', content, '--out', out, ...extra];
  const times = join(out, '..', `${Math.random().toString(36).slice(2)}.time`);
  const gnuTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const run = gnuTime ? spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', times, ...argv], { encoding: 'utf8', env: { ...process.env, DAAN_CACHE_DIR: cache, CI: 'true' } }) : spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: { ...process.env, DAAN_CACHE_DIR: cache, CI: 'true' } });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`build failed:\n${run.stdout}\n${run.stderr}`);
  if (!gnuTime) return { wall };
  const [user, system] = readFileSync(times, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { wall, cpu: user + system };
}

function shown({ wall, cpu }: { wall: number; cpu?: number }): string {
  return `${wall.toFixed(1)} s${cpu === undefined ? '' : ` (CPU ${cpu.toFixed(1)} s)`}`;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'daan-bench-photos-'));
  try {
    const plain = join(work, 'plain');
    cpSync(join(root, 'content'), plain, { recursive: true });
    const content = join(work, 'content');
    cpSync(plain, content, { recursive: true });
    const edition = readdirSync(content).filter((name) => /^\d{4}-\d{2}$/.test(name)).sort().at(-1)!;
    mkdirSync(join(content, edition, 'images'), { recursive: true });
    const lines: string[] = [];
    for (let i = 1; i <= PHOTOS; i++) {
      writeFileSync(join(content, edition, 'images', `photo-${i}.jpg`), await photo(i));
      lines.push(`第${i}段正文，介绍图中的情况。`, '', `![第${i}张照片](images/photo-${i}.jpg)`, '');
    }
    const column = /columns:\s*\n\s*-\s*(.+)/.exec(readFileSync(join(content, edition, 'edition.yaml'), 'utf8'))?.[1]?.trim() ?? '要闻';
    writeFileSync(join(content, edition, 'articles', 'zhaopian.md'), `---\ntitle: 照片测试\ncolumn: ${column}\nslug: zhaopian\norder: 99\n---\n\n${lines.join('\n')}`);
    // Compile the command and warm the font cache first, so that only the photos differ between the runs.
    const fonts = join(work, 'cache-fonts');
    timeBuild(plain, join(work, 'out-0'), fonts);
    const cache = join(work, 'cache');
    cpSync(fonts, cache, { recursive: true });
    const cold = timeBuild(content, join(work, 'out-1'), cache);
    const warm = timeBuild(content, join(work, 'out-2'), cache);
    const without = timeBuild(plain, join(work, 'out-3'), cache);
    const mode = extra.includes('--no-pdf') ? 'HTML only (--no-pdf)' : 'HTML and PDF';
    console.log(`edition ${edition} + ${PHOTOS} photos of 3000×2000 px, ${mode}, daan build --force in a new process:`);
    console.log(`  photos, cold image cache (fonts cached): ${shown(cold)}`);
    console.log(`  photos, warm image cache:                ${shown(warm)}`);
    console.log(`  without the photos:                      ${shown(without)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
