/**
 * The bundled faces. They come from npm packages (full static TrueType files), never from the
 * system, so every machine prints the same PDF. Static TrueType embeds as CID TrueType in
 * Chromium's PDFs; CFF, variable fonts and synthetic bold would become slow Type 3 fonts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Face {
  /** serif-400 */
  id: string;
  /** The CSS family name the templates use (Fangsong / Kaiti: fonts the office owns, configured in site.yaml, for briefings). */
  family: 'Daan Serif' | 'Daan Sans' | 'Daan Fangsong' | 'Daan Kaiti';
  weight: 400 | 700;
  /** The PostScript name Chromium writes into the PDF (NotoSerifSC-Regular), to tell the build's fonts from fallbacks. */
  postScriptName: string;
  /** Absolute path of the full TrueType file. */
  file: string;
  /** npm package it comes from (or, for an office font, its path under content/), for the colophon and the build's input hash. */
  package: string;
}

const require = createRequire(import.meta.url);

function packageFile(pkg: string, relative: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), relative);
}

const serif = '@expo-google-fonts/noto-serif-sc';
const sans = '@expo-google-fonts/noto-sans-sc';

export const faces: Face[] = [
  { id: 'serif-400', family: 'Daan Serif', weight: 400, postScriptName: 'NotoSerifSC-Regular', package: serif, file: packageFile(serif, '400Regular/NotoSerifSC_400Regular.ttf') },
  { id: 'serif-700', family: 'Daan Serif', weight: 700, postScriptName: 'NotoSerifSC-Bold', package: serif, file: packageFile(serif, '700Bold/NotoSerifSC_700Bold.ttf') },
  { id: 'sans-400', family: 'Daan Sans', weight: 400, postScriptName: 'NotoSansSC-Regular', package: sans, file: packageFile(sans, '400Regular/NotoSansSC_400Regular.ttf') },
  { id: 'sans-700', family: 'Daan Sans', weight: 700, postScriptName: 'NotoSansSC-Bold', package: sans, file: packageFile(sans, '700Bold/NotoSansSC_700Bold.ttf') },
];
