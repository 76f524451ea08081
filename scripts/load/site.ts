import { join } from 'node:path';
import { lstat } from 'node:fs/promises';
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import { readContentText } from './read-text.ts';
import { refuseOutside } from './safe-path.ts';
import { parseAndValidate } from './yaml.ts';
import { siteSchema, type SiteSettings } from './schemas.ts';
import type { PageSettings, Site } from './model.ts';

export async function loadSite(contentDir: string): Promise<{ site?: Site; problems: VFileMessage[] }> {
  const file = join(contentDir, 'site.yaml');
  if (!(await lstat(file).catch(() => undefined))) {
    return { problems: [problem(file, undefined, ...sayProblem('missing-file', { file }))] };
  }
  const refused = await refuseOutside(file, contentDir, say('noun-settings-file'));
  if (refused) return { problems: [refused] };
  const read = await readContentText(file);
  if ('error' in read) return { problems: [read.error] };
  const parsed = parseAndValidate(read.text, file, siteSchema);
  if ('problems' in parsed) return { problems: parsed.problems };
  return { site: toSite(parsed.value, file), problems: [] };
}

function toSite(settings: SiteSettings, file: string): Site {
  return {
    file,
    name: settings.name,
    masthead: `《${settings.name}》`,
    coverMasthead: settings.masthead ?? settings.name,
    publication: settings.publication,
    press: {
      ...settings.press,
      colors: Object.fromEntries(Object.entries(settings.press.colors).map(([hex, cmyk]) => [hex.toLowerCase(), cmyk])),
    },
    publisher: settings.publisher,
    address: settings.address,
    notice: settings.notice,
    baseUrl: settings.base_url,
    page: toPageSettings(settings.page),
    fonts: settings.fonts,
    outlets: { epub: settings.outlets.epub, epubFonts: settings.outlets.epub_fonts, wechat: settings.outlets.wechat },
  };
}

export function toPageSettings(page: SiteSettings['page']): PageSettings {
  return {
    width: page.width,
    height: page.height,
    margins: page.margins,
    bodySize: page.body_size,
    columns: page.columns,
    bleed: page.bleed,
    marks: page.marks,
  };
}
