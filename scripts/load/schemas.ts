/**
 * The schemas of every settings file and of article front matter. They are the single source of
 * truth: validation, defaults and the settings documentation (docs/settings.md) come from here.
 */
import { z } from 'zod';
import { say } from '../report/messages.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: () => say('schema-date') })
  // Only a date that is written right can be checked on the calendar (else the regex said it all).
  .refine((value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || isRealDate(value), { error: () => say('schema-real-date') })
  .describe('a date, YYYY-MM-DD');

const dateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/, 'expected YYYY-MM-DD or YYYY-MM-DD hh:mm:ss')
  .refine((value) => !/^\d{4}-\d{2}-\d{2}/.test(value) || isRealDate(value.slice(0, 10)), { error: () => say('schema-real-date') })
  .describe('a date and time, YYYY-MM-DD hh:mm:ss');

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const text = z.string().trim().min(1, { error: () => say('schema-not-empty') });

export const pageSchema = z.strictObject({
  width: z.number().positive().default(210).describe('trim width in mm (大16开: 210)'),
  height: z.number().positive().default(285).describe('trim height in mm (大16开: 285; A4: 297)'),
  margins: z
    .strictObject({
      top: z.number().nonnegative().default(20).describe('mm'),
      bottom: z.number().nonnegative().default(20).describe('mm'),
      inner: z.number().nonnegative().default(22).describe('binding side, mm'),
      outer: z.number().nonnegative().default(18).describe('mm'),
    })
    .default({ top: 20, bottom: 20, inner: 22, outer: 18 })
    .describe('page margins'),
  body_size: z.number().min(9).max(12).default(10.5).describe('body text size in pt (五号 10.5)'),
  columns: z.union([z.literal(1), z.literal(2)]).default(2).describe('body columns in print: 2 (default) or 1; titles, wide tables and figures span both'),
  bleed: z.number().nonnegative().max(10).default(0).describe('bleed in mm for full-bleed pages (3 for press)'),
  marks: z.boolean().default(false).describe('draw crop marks outside the bleed'),
});

/** A CMYK colour in percent: [C, M, Y, K]. */
const cmyk = z
  .tuple([z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100)])
  .describe('a CMYK colour in percent: [C, M, Y, K], e.g. [0, 90, 80, 20]');

const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: () => say('schema-colour') });

export const pressSchema = z.strictObject({
  enabled: z.boolean().default(false).describe('write the press copy daan-<edition>-press.pdf with every PDF build (also: `--press`)'),
  bleed: z.number().min(3).max(10).default(3).describe('bleed of the press copy in mm, on every page'),
  marks: z.boolean().default(false).describe('draw crop marks on the press copy'),
  icc: text.default('default_cmyk.icc').describe('the CMYK ICC profile of the output intent: a file under content/ (press/ISOcoated_v2.icc) or the name of one Ghostscript ships (default_cmyk.icc)'),
  condition: text.default('Custom').describe('the output condition the profile describes (OutputConditionIdentifier), e.g. FOGRA39 or CGATS TR 006'),
  colors: z
    .record(hexColour, cmyk)
    .default({ '#9e1b1b': [0, 90, 80, 20] })
    .describe('colours of the reading copy (sRGB, as in the CSS) and the CMYK the press copy prints them in; other colours are converted with the profile, greys become black ink only'),
});

/** What 《内部资料性出版物管理办法》 asks an internal publication to print (see docs/press.md). */
export const publicationSchema = z.strictObject({
  permit: text.optional().describe('准印证号 (the internal-publication permit number), printed on the cover and the colophon'),
  sponsor: text.optional().describe('主办单位, printed on the cover and the colophon'),
  compiler: text.optional().describe('编印单位 (default: publisher), printed on the colophon'),
  audience: text.optional().describe('发送对象 (who it is sent to), printed on the colophon'),
  printer: text.optional().describe('印刷单位, printed on the colophon'),
});

export const siteSchema = z.strictObject({
  name: text.describe('the magazine name: 大安'),
  masthead: text.optional().describe('the masthead as printed on the cover, default the name (大安) — an internal publication prints no 书名号 on its cover; write 《大安》 to keep them'),
  publisher: text.describe('publisher printed on the colophon'),
  address: text.optional().describe('publisher address'),
  notice: text.optional().describe('内部资料 notice printed on the colophon'),
  base_url: z.string().url().optional().describe('public address of the HTML archive'),
  page: pageSchema.default(pageSchema.parse({})).describe('default print geometry of editions'),
  publication: publicationSchema.default({}).describe('the particulars an internal publication (内部资料) prints; a press build requires permit, sponsor, audience and printer'),
  press: pressSchema.default(pressSchema.parse({})).describe('the press copy for the print shop (PDF/X, CMYK, bleed)'),
  fonts: z
    .strictObject({
      fangsong: text.optional().describe('path (under content/) to a 仿宋-style font the office owns, for briefings'),
      kaiti: text.optional().describe('path (under content/) to a 楷体-style font the office owns, for the （一） headings of briefings (default: LXGW WenKai from npm)'),
    })
    .default({})
    .describe('optional fonts the office owns'),
  outlets: z
    .strictObject({
      epub: z.boolean().default(false).describe('also write each edition as an EPUB 3 book, daan-<edition>.epub (same as `daan build --epub`)'),
      epub_fonts: z.boolean().default(true).describe('embed the bundled fonts in the EPUB, subset to its characters'),
      wechat: z.boolean().default(false).describe('also write each article as a fragment for the 公众号 editor, <edition>/wechat/<slug>.html (same as `daan build --wechat`)'),
    })
    .default({ epub: false, epub_fonts: true, wechat: false })
    .describe('more outlets from the same sources: EPUB, 公众号'),
});

export const editionSchema = z.strictObject({
  year: z.number().int().min(1949).max(2200).describe('year of the edition'),
  number: z.number().int().min(1).max(99).describe('number within the year (第N期)'),
  serial: z.number().int().positive().optional().describe('total number (总第N期)'),
  date: isoDate.describe('date of the issue, YYYY-MM-DD (also the PDF dates)'),
  print_date: isoDate.optional().describe('印刷日期, printed on the colophon (required by a press build)'),
  copies: z.number().int().positive().optional().describe('印数, the print run, printed on the colophon (required by a press build)'),
  columns: z.array(text).min(1, 'needs at least one column').describe('the columns (栏目) in the order they are printed'),
  editors: z
    .array(z.strictObject({ role: text.describe('the role: 主编, 责任编辑 …'), name: text.describe('the name printed after the role') }))
    .default([])
    .describe('colophon lines: role and name'),
  cover: z
    .strictObject({
      lines: z.array(text).default([]).describe('cover lines; default: titles of articles with `cover: true`'),
      color: hexColour.default('#9e1b1b').describe('cover colour on screen and in the reading copy'),
      cmyk: cmyk.optional().describe('cover colour in the press copy, CMYK percent (default: press.colors of the cover colour, else converted with the profile)'),
      image: z
        .string()
        .regex(/\.(jpe?g|png|webp)$/i, 'expected a JPEG, PNG or WebP file: images/cover.jpg')
        .optional()
        .describe('a full-bleed cover photo, relative to the edition folder (images/cover.jpg); at least 2560 × 3480 px for 300 dpi on 大16开 with bleed'),
      focus: z
        .tuple([z.number().min(0).max(100), z.number().min(0).max(100)])
        .default([50, 50])
        .describe('the focal point of the cover photo, percent from the left and from the top: what stays in view when the photo is cropped to the page'),
    })
    .default({ lines: [], color: '#9e1b1b', focus: [50, 50] })
    .describe('the cover'),
  page: z
    .strictObject({
      width: z.number().positive().optional().describe('trim width in mm'),
      height: z.number().positive().optional().describe('trim height in mm'),
      margins: z
        .strictObject({
          top: z.number().describe('mm'),
          bottom: z.number().describe('mm'),
          inner: z.number().describe('binding side, mm'),
          outer: z.number().describe('mm'),
        })
        .optional()
        .describe('page margins (all four)'),
      body_size: z.number().min(9).max(12).optional().describe('body text size in pt'),
      columns: z.union([z.literal(1), z.literal(2)]).optional().describe('body columns in print: 1 or 2'),
      bleed: z.number().nonnegative().max(10).optional().describe('bleed in mm for full-bleed pages'),
      marks: z.boolean().optional().describe('draw crop marks outside the bleed'),
    })
    .optional()
    .describe('print geometry overrides for this edition (same fields as site.yaml page)'),
});

/** Editorial queries in front matter: never printed; `daan check` lists them, a press build refuses them. */
const queries = z.array(text).default([]).describe('editorial queries for the editors (never printed): `daan check` lists them, a press build refuses to print while any stands');

export const frontMatterSchema = z.strictObject({
  title: text.describe('main title'),
  subtitle: text.optional().describe('subtitle (副题)'),
  column: text.describe('the column (栏目); must be one of the edition’s columns'),
  author: text.optional().describe('author'),
  author_title: text.optional().describe('the author’s position, printed at the end: （作者：…）'),
  source: text.optional().describe('source unit (来源)'),
  published: dateTime.optional().describe('publication time on the old site'),
  views: z.number().int().nonnegative().optional().describe('archived view count of the old site'),
  archived_previous: text.optional().describe('title of the previous article on the old site'),
  archived_next: text.optional().describe('title of the next article on the old site'),
  digest: text.optional().describe('summary (摘要) for the 公众号, at most 128 characters; default: the start of the first paragraph'),
  order: z.number().int().default(0).describe('order within its column'),
  cover: z.boolean().default(false).describe('feature on the cover'),
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected lower-case letters, digits and single hyphens')
    .optional()
    .describe('file name of the web page; default: pinyin of the title'),
  readings: z
    .array(
      z.strictObject({
        text: z.string().describe('the figure as the saved page had it'),
        reading: z.string().describe('what it reads, as the editor confirmed'),
        line: z.number().int().optional().describe('its line in the saved page'),
        note: z.string().optional().describe('the editor’s note'),
      }),
    )
    .optional()
    .describe('readings of figures an editor confirmed when importing (the record of the decision)'),
  queries,
});

const units = z.union([text, z.array(text).min(1, 'needs at least one unit')]).describe('a unit, or a list of units');

/** A briefing (简报): content/briefings/<id>.md — its 报头, its 版记, and the body in Markdown. */
export const briefingSchema = z.strictObject({
  name: text.describe('the name of the briefing, printed large and red at the top: 大安区脱贫攻坚简报'),
  number: z.number().int().min(1).describe('the issue number within its year: 第N期'),
  serial: z.number().int().positive().optional().describe('the total issue number, printed as （总第M期）'),
  unit: text.describe('the compiling unit (编印单位), printed at the left under the issue number'),
  date: isoDate.describe('date of the briefing, YYYY-MM-DD (printed at the right; also the PDF dates)'),
  title: text.optional().describe('title of the briefing’s lead item, printed under the red rule (二号, bold, centred); it breaks only at spaces and punctuation, or where a quoted title has \\n'),
  edition: z
    .string()
    .regex(/^\d{4}-\d{2}$/, 'expected an edition id like 2017-09')
    .optional()
    .describe('the edition whose data sets `data=name` means (default: the newest edition); `data=2017-09/name` names one explicitly'),
  classification: text.optional().describe('密级 (e.g. 内部), printed at the top left'),
  copy: z
    .union([z.number().int().min(1).max(999999), z.string().regex(/^\d{1,6}$/, 'expected up to six digits, e.g. 000123')])
    .transform((value) => String(value).padStart(6, '0'))
    .optional()
    .describe('份号, the copy number (up to six digits), printed at the top left as six digits'),
  distribution: z
    .strictObject({
      报: units.optional().describe('报：the units the briefing is reported to (superiors)'),
      送: units.optional().describe('送：the units it is sent to'),
      发: units.optional().describe('发：the units it is issued to'),
    })
    .default({})
    .describe('the distribution block of the 版记, one line each: 报：… / 送：… / 发：…'),
  copies: z.number().int().positive().describe('the print run, printed as （共印N份）'),
  queries,
});

export type SiteSettings = z.infer<typeof siteSchema>;
export type EditionSettings = z.infer<typeof editionSchema>;
export type FrontMatter = z.infer<typeof frontMatterSchema>;
export type BriefingSettings = z.infer<typeof briefingSchema>;
