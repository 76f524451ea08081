/**
 * The ground floor's configuration: where the package is, its templates folder, the build cache
 * folder, and the shape of the options that change what a build writes. Every stage and command
 * takes them from here (declared once); this module uses no stage.
 */
import { join } from 'node:path';
import { CACHE_FOLDER_VARIABLE, PACKAGE_CACHE_FOLDER } from './cache-folder.mjs';

/** The package's own folder (bin/, scripts/, templates/). */
export const packageRoot = join(import.meta.dirname, '..', '..');

/** The templates every command renders with. */
export const templatesDir = join(packageRoot, 'templates');

/**
 * The build cache (font subsets, charts, layouts, covers): node_modules/.cache/daan/, or
 * $DAAN_CACHE_DIR; `kind` names one folder of it. The compiled command is kept in the package's
 * cache folder whatever $DAAN_CACHE_DIR says (setup/compile.mjs).
 */
export function cacheDir(kind?: string): string {
  const root = process.env[CACHE_FOLDER_VARIABLE] ?? join(packageRoot, ...PACKAGE_CACHE_FOLDER);
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
