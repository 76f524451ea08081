import { join } from 'node:path';
import { lstat } from 'node:fs/promises';
import { serialize } from 'node:v8';
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import { readCachedValue, writeCached } from '../core/cache.ts';
import { sha256 } from '../core/inputs.ts';
import { generatorHash } from '../build/input-hash.ts';
import { readContentText } from './read-text.ts';
import { refuseOutside } from './safe-path.ts';
import type { SiteSettings } from './schemas.ts';
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
  // Kept in the build cache by its text: a build whose settings did not change loads neither the YAML parser nor the schemas.
  const key = sha256(`${await generatorHash()}\0${file}\0${read.text}`);
  // A damaged entry is parsed again.
  const kept = await readCachedValue<Site>(SITES, key);
  if (kept) return { site: kept, problems: [] };
  const [{ parseAndValidate }, { siteSchema }] = await Promise.all([import('./yaml.ts'), import('./schemas.ts')]);
  const parsed = parseAndValidate(read.text, file, siteSchema);
  if ('problems' in parsed) return { problems: parsed.problems };
  const site = toSite(parsed.value, file);
  await writeCached(SITES, key, serialize(site), 8);
  return { site, problems: [] };
}

/** The build cache's kind of loaded settings (site.yaml). */
const SITES = 'loaded-site';

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
