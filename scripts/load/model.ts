import type { Dataset } from '../data/model.ts';
import type { Query, Source } from '../core/model.ts';

/**
 * The typed values the load stage hands on. Every later stage reads these, never the files again.
 */

/** Where a value came from, so that later stages can point at it. */
export type { Source } from '../core/model.ts';

export type { Query } from '../core/model.ts';

/** CMYK in percent: [C, M, Y, K]. */
export type Cmyk = [number, number, number, number];

export interface Publication {
  /** 准印证号 */
  permit?: string;
  /** 主办单位 */
  sponsor?: string;
  /** 编印单位 (default: the publisher) */
  compiler?: string;
  /** 发送对象 */
  audience?: string;
  /** 印刷单位 */
  printer?: string;
}

/** The press copy (site.yaml `press:`). */
export interface PressSettings {
  enabled: boolean;
  bleed: number;
  marks: boolean;
  /** The CMYK output profile: a path under content/ or the name of one of Ghostscript's. */
  icc: string;
  condition: string;
  /** sRGB colour (#9e1b1b, lower case) → CMYK in percent. */
  colors: Record<string, Cmyk>;
}

export interface PageSettings {
  /** Trim size in millimetres. */
  width: number;
  height: number;
  /** Margins in millimetres: top, bottom, inner (binding side), outer. */
  margins: { top: number; bottom: number; inner: number; outer: number };
  /** Body size in points. */
  bodySize: number;
  columns: 1 | 2;
  bleed: number;
  marks: boolean;
}

export interface Site {
  file: string;
  /** 大安 */
  name: string;
  /** 《大安》: the name as titles and running heads write it. */
  masthead: string;
  /** 大安: the masthead of the cover (the `masthead` setting; an internal publication's cover has no 书名号). */
  coverMasthead: string;
  /** The particulars of an internal publication (内部资料), printed on the cover and the colophon. */
  publication: Publication;
  press: PressSettings;
  publisher: string;
  address?: string;
  baseUrl?: string;
  /** 内部资料 notice, licence number … printed on the colophon. */
  notice?: string;
  page: PageSettings;
  /** Optional fonts the office owns (paths relative to content/), used by briefings. */
  fonts: { fangsong?: string; kaiti?: string };
  /** More outlets than the web pages and the PDF: an EPUB per edition, 公众号 fragments per article. */
  outlets: { epub: boolean; epubFonts: boolean; wechat: boolean };
}

export interface Article {
  /** content/2017-09/articles/dangjian-linghang.md */
  file: string;
  /** The whole file text, front matter included: positions in messages are positions in this text. */
  text: string;
  slug: string;
  title: string;
  subtitle?: string;
  column: string;
  author?: string;
  authorTitle?: string;
  source?: string;
  /** ISO local date-time as printed on the old site: 2017-10-09T12:37:38 */
  published?: string;
  /** View count archived from the old site. */
  views?: number;
  /** Titles of the neighbouring articles on the old site (their texts are not in the archive). */
  archivedPrevious?: string;
  archivedNext?: string;
  /** Summary for the 公众号 (摘要). */
  digest?: string;
  order: number;
  /** Featured on the cover. */
  cover: boolean;
  /** Where the article starts, for messages about the article as a whole. */
  at: Source;
  /** Where each front matter field stands, for messages about one field. */
  places: Record<string, Source>;
  /** Line of the first body line (after the front matter), 1-based. */
  bodyLine: number;
  /** Editorial queries of the front matter (`queries:`); those in the text are found by the transform. */
  queries: Query[];
}

export interface Column {
  name: string;
  slug: string;
}

export interface Edition {
  /** 2017-09 */
  id: string;
  /** content/2017-09 */
  dir: string;
  file: string;
  year: number;
  number: number;
  /** Total number across years (总第N期), when known. */
  serial?: number;
  /** ISO date of the issue: 2017-09-30 */
  date: string;
  columns: Column[];
  editors: { role: string; name: string }[];
  cover: {
    lines: string[];
    color: string;
    cmyk?: Cmyk;
    /** The cover photo: its path as written (images/cover.jpg) and the checked file. */
    image?: { src: string; file: string };
    /** Focal point of the photo, percent from the left and the top. */
    focus: [number, number];
  };
  /** 印刷日期, ISO date. */
  printDate?: string;
  /** 印数 */
  copies?: number;
  page: PageSettings;
  articles: Article[];
  /** The edition's data sets by name (content/<edition>/data/). */
  datasets: Map<string, Dataset>;
  /** Where each edition.yaml field stands. */
  places: Record<string, Source>;
}

/** A briefing (简报): content/briefings/<id>.md. Not an edition: it carries articles, sections and tables of any edition. */
export interface Briefing {
  /** The file name without .md: 2017-01 */
  id: string;
  /** content/briefings/2017-01.md */
  file: string;
  /** The whole file text, front matter included (positions in messages are positions in this text). */
  text: string;
  /** 大安区脱贫攻坚简报 */
  name: string;
  /** 第N期 */
  number: number;
  /** 总第M期 */
  serial?: number;
  /** 编印单位 */
  unit: string;
  /** ISO date: 2017-10-20 */
  date: string;
  /** Title of the lead item, printed under the red rule. */
  title?: string;
  /** The edition whose data sets an unqualified `data=name` means; undefined: the newest. */
  edition?: string;
  /** 密级 */
  classification?: string;
  /** 份号, six digits. */
  copy?: string;
  /** The 版记 lines in order: 报：…, 送：…, 发：… */
  distribution: { label: '报' | '送' | '发'; units: string[] }[];
  /** 共印N份 */
  copies: number;
  /** Editorial queries of the front matter (`queries:`). */
  queries: Query[];
  /** Where each front matter field stands. */
  places: Record<string, Source>;
}
