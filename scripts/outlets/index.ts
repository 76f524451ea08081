/**
 * The outlets besides the web pages and the PDF, made from the same transformed edition: the
 * EPUB book (epub.ts) and the 公众号 fragments (wechat.ts). Loaded only when one is asked for.
 */
import type { VFileMessage } from 'vfile-message';
import type { Site } from '../load/model.ts';
import type { EditionView } from '../render/model.ts';

export interface OutletChoice {
  epub: boolean;
  wechat: boolean;
}

/** The settings in site.yaml, or the command's flags. */
export function outletChoice(site: Site, flags: { epub?: boolean; wechat?: boolean }): OutletChoice {
  return { epub: Boolean(flags.epub || site.outlets.epub), wechat: Boolean(flags.wechat || site.outlets.wechat) };
}

export interface OutletFiles {
  /** Paths relative to the edition's folder. */
  files: { path: string; data: string | Uint8Array }[];
  epubSize?: number;
  findings: VFileMessage[];
}

export async function editionOutlets(site: Site, edition: EditionView, choice: OutletChoice, templatesDir: string): Promise<OutletFiles> {
  const result: OutletFiles = { files: [], findings: [] };
  if (choice.epub) {
    const { buildEpub } = await import('./epub.ts');
    const bytes = await buildEpub(site, edition, { templatesDir, fonts: site.outlets.epubFonts });
    result.files.push({ path: edition.epubName, data: bytes });
    result.epubSize = bytes.length;
  }
  if (choice.wechat) {
    const { wechatFiles } = await import('./wechat.ts');
    const wechat = await wechatFiles(site, edition, templatesDir);
    result.files.push(...wechat.files);
    result.findings.push(...wechat.findings);
  }
  return result;
}
