/**
 * Where the build cache lives inside the package, defined once: core/config.ts (cacheDir) and
 * setup/compile.mjs, which runs before any TypeScript is compiled, both take it from here.
 * Plain JavaScript without import.meta, so that it reads the same compiled into the command.
 */

/** node_modules/.cache/daan/, as path segments under the package's folder. */
export const PACKAGE_CACHE_FOLDER = ['node_modules', '.cache', 'daan'];

/** The environment variable that moves the build cache elsewhere. */
export const CACHE_FOLDER_VARIABLE = 'DAAN_CACHE_DIR';
