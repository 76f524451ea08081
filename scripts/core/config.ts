/**
 * The ground floor's configuration: where the package is, its templates folder, the build cache
 * folder, and the shape of the options that change what a build writes. Every stage and command
 * takes them from here (declared once); this module uses no stage.
 */
import { join } from 'node:path';

/** The package's own folder (bin/, scripts/, templates/). */
export const packageRoot = join(import.meta.dirname, '..', '..');

/** The templates every command renders with. */
export const templatesDir = join(packageRoot, 'templates');

/**
 * The build cache (font subsets, charts, layouts, covers, the compiled command):
 * node_modules/.cache/daan/, or $DAAN_CACHE_DIR; `kind` names one folder of it.
 */
export function cacheDir(kind?: string): string {
  const root = process.env.DAAN_CACHE_DIR ?? join(packageRoot, 'node_modules', '.cache', 'daan');
  return kind ? join(root, kind) : root;
}

/** The options that change what a build writes, as the manifest keeps them. */
export interface OutputSettings {
  pdf: boolean;
  pdfa: boolean;
  /** `--epub` / `--wechat` (their settings in site.yaml are recorded with site.yaml). */
  epub?: boolean;
  wechat?: boolean;
  /** Bleed in mm and crop marks (override the settings). */
  bleed?: number;
  marks?: boolean;
  /** SOURCE_DATE_EPOCH the PDFs were dated with, when it was set. */
  sourceDateEpoch?: string;
  /** --press / --no-press (set only when given): the press copy; and --allow-queries with it. */
  press?: boolean;
  allowQueries?: boolean;
}

/** Where a build reads and writes, and what it writes. */
export interface BuildSettings {
  contentDir: string;
  outDir: string;
  templatesDir: string;
  pdf: boolean;
  pdfa?: boolean;
  epub?: boolean;
  wechat?: boolean;
  bleed?: number;
  marks?: boolean;
  /** --press / --no-press (undefined: site.yaml decides, and site.yaml is an input of every edition). */
  press?: boolean;
  allowQueries?: boolean;
  /** Rebuild every unit, even those whose recorded inputs have not changed. */
  force?: boolean;
}
