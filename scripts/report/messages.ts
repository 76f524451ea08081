/**
 * Every message the user reads — problems and their fixes, warnings, progress lines, command
 * errors — in English and in Chinese, by key. A template takes named values; the Chinese is for
 * editors: plain words, the place, the fix; file names, field names and commands stay as they are.
 *
 * A problem carries its key as its vfile ruleId, so tests and tools can match on it.
 * test/report/messages.test.ts checks that every key has both texts and that scripts/ writes no
 * message inline.
 */
import { currentLanguage, type Language } from './language.ts';

type Template<V> = (values: V) => string;

export interface Entry<V> {
  en: Template<V>;
  zh: Template<V>;
  /** How to fix it, for a problem. */
  fix?: { en: Template<V>; zh: Template<V> };
}

/** One entry; `V`, the named values, is taken from the English template's parameter. */
function entry<V = undefined>(texts: Entry<V>): Entry<V> {
  return texts;
}

const catalogue = {
  // report/
  'problems-summary-errors': entry({ en: ({ n }: { n: number }) => `${n} error${n === 1 ? '' : 's'}`, zh: ({ n }) => `${n} 个错误` }),
  'problems-summary-warnings': entry({ en: ({ n }: { n: number }) => `${n} warning${n === 1 ? '' : 's'}`, zh: ({ n }) => `${n} 个警告` }),
  'problems-error': entry({ en: () => 'error', zh: () => '错误' }),
  'problems-warning': entry({ en: () => 'warning', zh: () => '警告' }),
  'problems-fix': entry({ en: ({ fix }: { fix: string }) => `fix: ${fix}`, zh: ({ fix }) => `改法：${fix}` }),
  'problems-place': entry({ en: ({ line, column }: { line: number; column: number }) => `${line}:${column}`, zh: ({ line, column }) => `第${line}行第${column}列` }),
  'problems-count': entry({ en: ({ n }: { n: number }) => `${n} problem${n === 1 ? '' : 's'}`, zh: ({ n }) => `${n} 个问题` }),
  // cli/
  'cli-internal-error': entry({ en: ({ stack }: { stack: string }) => `daan: internal error — please report it with the command you ran.\n${stack}`, zh: ({ stack }) => `daan：程序内部出错——请把你运行的命令连同下面这段内容一起报告给维护的人。\n${stack}` }),
  'cli-unfinished': entry({ en: () => 'daan: internal error — the command stopped before it finished (nothing was left to run). Please report it with the command you ran.', zh: () => 'daan：程序内部出错——命令没有做完就停了（已经没有可以接着做的事）。请把你运行的命令报告给维护的人。' }),
  'cli-unknown-command': entry({ en: ({ name, commands }: { name: string; commands: string }) => `daan: unknown command "${name}". Commands: ${commands}.`, zh: ({ name, commands }) => `daan：没有“${name}”这个命令。可用的命令：${commands}。` }),
  'cli-bad-option': entry({ en: ({ name, error, help }: { name: string; error: string; help: string }) => `daan ${name}: ${error}\n\n${help}`, zh: ({ name, error, help }) => `daan ${name}：选项不对（${error}）\n\n${help}` }),
  'cli-failed': entry({ en: ({ name, error }: { name: string; error: string }) => `daan ${name}: ${error}`, zh: ({ name, error }) => `daan ${name}：${error}` }),
  'cli-a-file': entry({ en: () => '(a file)', zh: () => '（某个文件）' }),
  'cli-unknown-lang': entry({ en: ({ value }: { value: string }) => `daan: --lang takes zh or en, not "${value}"`, zh: ({ value }) => `daan：--lang 只能是 zh 或 en，不能是“${value}”` }),
  'cli-pdfa-no-pdf': entry({ en: () => '--pdfa converts the printed PDFs: it cannot be combined with --no-pdf', zh: () => '--pdfa 是转换印好的 PDF，不能和 --no-pdf 一起用' }),
  'cli-press-no-pdf': entry({ en: () => '--press prints the press copy: it cannot be combined with --no-pdf', zh: () => '--press 要印付印版 PDF，不能和 --no-pdf 一起用' }),
  'cli-bleed': entry({ en: ({ value }: { value: string }) => `--bleed takes a size in millimetres from 0 to 10, like 3mm (got "${value}")`, zh: ({ value }) => `--bleed 要写 0 到 10 之间的毫米数，如 3mm（现在是“${value}”）` }),
  'build-moved-aside': entry({ en: ({ out, to }: { out: string; to: string }) => `moved what was in ${out} to ${to}`, zh: ({ out, to }) => `已把 ${out} 里原有的内容移到 ${to}` }),
  'build-skipped': entry({ en: ({ id }: { id: string }) => `skipped ${id} (unchanged)`, zh: ({ id }) => `跳过 ${id}（没有改动）` }),
  'build-skipped-briefing': entry({ en: ({ id }: { id: string }) => `skipped briefing ${id} (unchanged)`, zh: ({ id }) => `跳过简报 ${id}（没有改动）` }),
  'build-up-to-date': entry({ en: ({ out, n }: { out: string; n: number }) => `${out} is up to date: ${n} edition(s) unchanged`, zh: ({ out, n }) => `${out} 已是最新：${n} 期都没有改动` }),
  'check-ok': entry({
    en: ({ editions, articles, briefings, warnings, queries }: { editions: number; articles: number; briefings: number; warnings: number; queries: number }) =>
      `ok: ${editions} edition(s), ${articles} article(s), ${briefings} briefing(s), ${warnings ? `${warnings} warning(s) above` : 'no problems'}${queries ? `, ${queries} open editorial quer${queries === 1 ? 'y' : 'ies'}` : ''}`,
    zh: ({ editions, articles, briefings, warnings, queries }) => `检查完毕：${editions} 期、${articles} 篇文章、${briefings} 份简报，${warnings ? `有 ${warnings} 个警告（见上面）` : '没有问题'}${queries ? `；还有 ${queries} 条编辑疑问没有答复` : ''}`,
  }),
  'verify-busy': entry({ en: ({ out, command, pid }: { out: string; command: string; pid: number }) => `${out} is being written by \`${command}\` (process ${pid}); verify it when that build has finished.`, zh: ({ out, command, pid }) => `${out} 正在被 \`${command}\`（进程 ${pid}）写入；等那次生成结束后再核对。` }),
  'verify-rebuilding': entry({ en: ({ content }: { content: string }) => `rebuilding from ${content} to compare byte for byte …`, zh: ({ content }) => `正在用 ${content} 重新生成，逐字节比对……` }),
  'verify-against-fresh': entry({ en: ({ keep }: { keep?: string }) => `a fresh build${keep ? ` in ${keep}` : ''}`, zh: ({ keep }) => `重新生成的结果${keep ? `（在 ${keep}）` : ''}` }),
  'verify-mismatch': entry({ en: ({ out }: { out: string }) => `daan verify: ${out} does not match — rebuild it (daan build --force --out ${out})`, zh: ({ out }) => `daan verify：${out} 与记录不符——请重新生成（daan build --force --out ${out}）` }),
  'verify-ok': entry({ en: ({ n, against }: { n: number; against: string }) => `ok: ${n} files match ${against}`, zh: ({ n, against }) => `核对通过：${n} 个文件与 ${against} 一致` }),
  'verify-kind': entry({ en: ({ kind }: { kind: string }) => kind, zh: ({ kind }) => ({ differs: '内容不同', missing: '缺少', extra: '多出' })[kind] ?? kind }),
  'verify-differences': entry({
    en: ({ n, against, counts, checked }: { n: number; against: string; counts: string; checked: number }) => `${n} file${n === 1 ? '' : 's'} do not match ${against} (${counts}); ${checked} checked`,
    zh: ({ n, against, counts, checked }) => `${n} 个文件与 ${against} 不符（${counts}）；共核对 ${checked} 个`,
  }),
  'brief-one-id': entry({ en: ({ got }: { got: string }) => `give the id of one briefing, e.g. \`daan brief 2017-01\` for content/briefings/2017-01.md${got ? ` (got ${got})` : ''}`, zh: ({ got }) => `请给出一份简报的编号，如 \`daan brief 2017-01\` 对应 content/briefings/2017-01.md${got ? `（现在给的是 ${got}）` : ''}` }),
  'new-one-id': entry({ en: () => 'name the edition to create, e.g. daan new 2017-10 for 《大安》2017年第10期', zh: () => '请写出要新建的一期，如 daan new 2017-10 就是《大安》2017年第10期' }),
  'new-not-edition': entry({ en: ({ given }: { given: string }) => `"${given}" is not an edition: write the year and the number, e.g. daan new 2017-10 for 《大安》2017年第10期`, zh: ({ given }) => `“${given}”不是期号：请写年份和期数，如 daan new 2017-10 就是《大安》2017年第10期` }),
  'new-no-content': entry({ en: ({ dir }: { dir: string }) => `no content folder at ${dir} (pass --content DIR)`, zh: ({ dir }) => `${dir} 没有内容文件夹（用 --content 文件夹 指定）` }),
  'new-exists': entry({ en: ({ dir, settings }: { dir: string; settings: string }) => `${dir} already exists — daan new never overwrites an edition. Edit ${settings}, or choose another number.`, zh: ({ dir, settings }) => `${dir} 已经存在——daan new 不会覆盖已有的一期。请直接改 ${settings}，或换一个期号。` }),
  'new-invalid': entry({ en: ({ id, issues }: { id: string; issues: string }) => `cannot create ${id}: ${issues}`, zh: ({ id, issues }) => `无法新建 ${id}：${issues}` }),
  'new-created': entry({ en: ({ path }: { path: string }) => `created ${path}`, zh: ({ path }) => `已新建 ${path}` }),
  'new-next': entry({ en: ({ id }: { id: string }) => `next: edit the example article (or replace it), then \`npm run serve\` to see ${id} as you write.`, zh: ({ id }) => `下一步：修改示例文章（或换成你的文章），再运行 \`npm run serve\`，边写边看 ${id} 的效果。` }),
  'import-no-files': entry({ en: () => 'name the files to import, e.g. daan import submission.docx --edition 2017-10, or daan import page.txt --edition 2017-09', zh: () => '请写出要导入的文件，如 daan import 来稿.docx --edition 2017-10，或 daan import page.txt --edition 2017-09' }),
  'import-force-docx': entry({ en: () => '--force is for saved pages: a .docx import never replaces an article; move the old one away first', zh: () => '--force 只用于保存的网页：导入 .docx 从不替换已有文章；请先把旧文章移走' }),
  'import-readings-docx': entry({ en: () => '--apply-readings is for saved pages of the old site; correct figures of a .docx in the article it wrote', zh: () => '--apply-readings 只用于旧网站保存下来的网页；.docx 里的数字请在导入后的文章里改' }),
  'import-which-edition': entry({ en: ({ file }: { file: string }) => `say which edition ${file} is for: --edition 2017-10`, zh: ({ file }) => `请说明 ${file} 属于哪一期：--edition 2017-10` }),
  'serve-port': entry({ en: ({ value }: { value: string }) => `--port must be a number from 0 to 65535, not "${value}"`, zh: ({ value }) => `--port 要写 0 到 65535 之间的数字，不能是“${value}”` }),
  'serve-port-in-use': entry({ en: ({ port }: { port: number }) => `port ${port} is in use: pass another with --port N (or --port 0 for any free port)`, zh: ({ port }) => `端口 ${port} 已被占用：用 --port 换一个（--port 0 表示随便找个空闲端口）` }),
  'preflight-no-press': entry({ en: ({ out }: { out: string }) => `no press copies in ${out}: build them with \`daan build --press\`, or name the PDFs to check`, zh: ({ out }) => `${out} 里没有付印版：先用 \`daan build --press\` 生成，或写出要检查的 PDF` }),
  'preflight-no-file': entry({ en: ({ files }: { files: string }) => `no such file: ${files}`, zh: ({ files }) => `没有这个文件：${files}` }),
  // press/preflight.ts: the findings (page, object, rule, what is wrong and what to do)
  'preflight-passed': entry({ en: ({ name }: { name: string }) => `${name}: preflight passed`, zh: ({ name }) => `${name}：印前检查通过` }),
  'preflight-found': entry({ en: ({ name, errors, warnings }: { name: string; errors: number; warnings: number }) => `${name}: preflight found ${errors} error(s), ${warnings} warning(s)`, zh: ({ name, errors, warnings }) => `${name}：印前检查发现 ${errors} 个错误、${warnings} 个警告` }),
  'preflight-finding': entry({
    en: ({ error, page, object, rule, message }: { error: boolean; page?: number; object?: string; rule: 'fonts' | 'colour' | 'images' | 'ink' | 'geometry'; message: string }) => `  ${error ? 'error  ' : 'warning'} ${page ? `page ${page}` : 'document'}${object ? ` · ${object}` : ''} · ${rule}: ${message}`,
    zh: ({ error, page, object, rule, message }) => `  ${error ? '错误' : '警告'} ${page ? `第 ${page} 页` : '整个文件'}${object ? ` · ${object}` : ''} · ${{ fonts: '字体', colour: '颜色', images: '图片', ink: '墨量', geometry: '版面' }[rule]}：${message}`,
  }),
  'preflight-times': entry({ en: ({ message, n }: { message: string; n: number }) => `${message} (${n} times)`, zh: ({ message, n }) => `${message}（共 ${n} 处）` }),
  'preflight-pages': entry({
    en: ({ pages, multiple, add }: { pages: number; multiple: number; add: number }) => `${pages} pages: a press copy needs a multiple of ${multiple} (a sheet folds into ${multiple} pages); add ${add} blank page(s)`,
    zh: ({ pages, multiple, add }) => `共 ${pages} 页：付印版的页数要是 ${multiple} 的倍数（一张纸折成 ${multiple} 页）；请加 ${add} 页空白`,
  }),
  'preflight-no-trimbox': entry({ en: () => 'no TrimBox: the print shop cannot tell where to cut', zh: () => '没有成品框（TrimBox）：印刷厂不知道在哪里裁切' }),
  'preflight-no-bleedbox': entry({ en: () => 'no BleedBox', zh: () => '没有出血框（BleedBox）' }),
  'preflight-bleed-short': entry({ en: ({ bleed, wanted }: { bleed: string; wanted: number }) => `bleed ${bleed} mm; the press needs ${wanted} mm on every side`, zh: ({ bleed, wanted }) => `出血只有 ${bleed} 毫米；印刷要求四边各 ${wanted} 毫米` }),
  'preflight-rgb': entry({
    en: ({ what, font }: { what: 'text' | 'line' | 'fill' | 'shading' | 'image'; font?: string }) => `${{ text: `text (${font})`, line: 'a line', fill: 'a filled shape', shading: 'a shading', image: 'the image' }[what]} in RGB: a press copy is CMYK only`,
    zh: ({ what, font }) => `${{ text: `文字（${font}）`, line: '线条', fill: '色块', shading: '渐变', image: '这张图片' }[what]}是 RGB 颜色：付印版只能用 CMYK`,
  }),
  'preflight-rich-black': entry({ en: () => 'rich black text: black text prints in black ink only (K100), or it blurs when the plates do not register', zh: () => '文字是四色黑：黑色文字只能用单色黑（K100）印，否则几块版套不准时字会发虚' }),
  'preflight-thin-line': entry({ en: ({ limit }: { limit: number }) => `a line thinner than ${limit} mm does not print reliably`, zh: ({ limit }) => `线条细于 ${limit} 毫米，可能印不出来` }),
  'preflight-thin-rule': entry({ en: ({ limit }: { limit: number }) => `a rule thinner than ${limit} mm does not print reliably`, zh: ({ limit }) => `线条细于 ${limit} 毫米，可能印不出来` }),
  'preflight-object-line': entry({ en: ({ mm }: { mm: string }) => `line ${mm} mm`, zh: ({ mm }) => `线 ${mm} 毫米` }),
  'preflight-object-rule': entry({ en: ({ thin, long }: { thin: string; long: string }) => `rule ${thin} × ${long} mm`, zh: ({ thin, long }) => `线条 ${thin} × ${long} 毫米` }),
  'preflight-object-image': entry({
    en: ({ name, width, height, mmWidth, mmHeight }: { name: string; width: number; height: number; mmWidth: string; mmHeight: string }) => `image ${name} (${width} × ${height} px at ${mmWidth} × ${mmHeight} mm)`,
    zh: ({ name, width, height, mmWidth, mmHeight }) => `图片 ${name}（${width} × ${height} 像素，印成 ${mmWidth} × ${mmHeight} 毫米）`,
  }),
  'preflight-object-area': entry({ en: ({ x, y }: { x: number; y: number }) => `area near ${x} mm from the left, ${y} mm from the top`, zh: ({ x, y }) => `离左边约 ${x} 毫米、离上边约 ${y} 毫米处` }),
  'preflight-object-edge': entry({ en: ({ side }: { side: 'left' | 'right' | 'top' | 'bottom' }) => `${side} edge`, zh: ({ side }) => `${{ left: '左', right: '右', top: '上', bottom: '下' }[side]}边` }),
  'preflight-dpi': entry({
    en: ({ dpi, warn, error }: { dpi: number; warn: number; error: number }) => `${dpi} dpi at the printed size: print needs ${warn}–300 dpi (below ${error} it looks blocky); use a larger original or print it smaller`,
    zh: ({ dpi, warn, error }) => `按印出来的大小只有 ${dpi} dpi：印刷要 ${warn}–300 dpi（低于 ${error} 会看出马赛克）；请换一张更大的原图，或把它印小一些`,
  }),
  'preflight-full-page-image': entry({
    en: ({ percent }: { percent: number }) => `one image covers ${percent} % of the page: if the page was meant to be text, it was turned into a picture (its text prints blurred and cannot be searched) — print it again from the reading copy; a photo meant to fill the page is fine`,
    zh: ({ percent }) => `一张图片盖住了这一页的 ${percent}%：如果这一页本来是文字，它被转成了图片（字会印得发虚，也搜不到）——请从阅读版重新生成；如果本来就是整页照片，可以不管`,
  }),
  'preflight-ink': entry({
    en: ({ total, limit, area }: { total: number; limit: number; area: number }) => `total ink ${total} % (more than ${limit} %) over about ${area} mm²: it dries badly and sets off; reduce the colour (rich black at most C40 M30 Y30 K100)`,
    zh: ({ total, limit, area }) => `总墨量 ${total}%（超过 ${limit}%），面积约 ${area} 平方毫米：墨不容易干，会蹭脏下一张；请把颜色调淡（深黑最多 C40 M30 Y30 K100）`,
  }),
  'preflight-ink-failed': entry({ en: ({ detail }: { detail: string }) => `Ghostscript could not render the pages for the ink and bleed checks: ${detail}`, zh: ({ detail }) => `Ghostscript 没能画出页面，墨量和出血没有检查：${detail}` }),
  'preflight-bleed-stops': entry({
    en: ({ side, mm, bleed }: { side: 'left' | 'right' | 'top' | 'bottom'; mm: number; bleed: number }) => `colour touches the ${side} trim edge but stops before the bleed (${mm} mm of the edge): extend it ${bleed} mm past the trim`,
    zh: ({ side, mm, bleed }) => `颜色碰到了${{ left: '左', right: '右', top: '上', bottom: '下' }[side]}边的裁切线，却没有铺到出血里（沿边约 ${mm} 毫米）：请让它越过裁切线 ${bleed} 毫米`,
  }),
  'preflight-type3': entry({ en: () => 'a Type 3 font: print shops refuse them (use static TrueType faces)', zh: () => 'Type 3 字体：印刷厂不收（请用静态 TrueType 字体）' }),
  'preflight-not-embedded': entry({ en: () => 'a font that is not embedded: the print shop would substitute another', zh: () => '字体没有嵌入：印刷厂会换成别的字体' }),
  'pdfa-gs-failed': entry({ en: ({ input, detail }: { input: string; detail: string }) => `Ghostscript could not convert ${input} to PDF/A: ${detail}`, zh: ({ input, detail }) => `Ghostscript 没能把 ${input} 转成 PDF/A：${detail}` }),
  // report/progress.ts: the names of stages and counters, as the status line and step lines show them
  'progress-name': entry({
    en: ({ name }: { name: string }) => name,
    zh: ({ name }) => ({ load: '读取', transform: '转换', check: '检查', render: '排版', search: '搜索索引', outlets: '其他版本', print: '印制', emit: '写出', editions: '期', articles: '篇文章', documents: '份文档', briefings: '份简报', slices: '个字体切片' })[name] ?? name,
  }),
  // build/
  'briefing-edition': entry({
    en: ({ edition }: { edition: string; ids: string }) => `No edition ${edition}`,
    zh: ({ edition }) => `没有 ${edition} 这一期`,
    fix: { en: ({ ids }) => `Use one of: ${ids || '(none yet)'}, or leave edition: out to mean the newest`, zh: ({ ids }) => `改成其中一期：${ids || '（现在还没有）'}；或者删掉 edition:，表示最新一期` },
  }),
  'transform-briefing': entry({
    en: ({ error }: { error: string }) => `Could not transform this briefing: ${error}`,
    zh: ({ error }) => `这份简报转换不了：${error}`,
    fix: { en: () => 'Check the Markdown near the last change; report this if it persists', zh: () => '检查最近改动处附近的 Markdown；一直这样的话请报告给维护的人' },
  }),
  'transform': entry({
    en: ({ error }: { error: string }) => `Could not transform this article: ${error}`,
    zh: ({ error }) => `这篇文章转换不了：${error}`,
    fix: { en: () => 'Check the Markdown near the last change; report this if it persists', zh: () => '检查最近改动处附近的 Markdown；一直这样的话请报告给维护的人' },
  }),
  'briefing-no-fangsong': entry({
    en: ({ file }: { file: string }) => `warning: briefings: the body is set in the bundled serif (Noto Serif SC), not in 仿宋 as GB/T 9704-2012 asks; set fonts.fangsong in ${file} to a 仿宋 font file the office owns (a path under content/, e.g. fonts/fangsong.ttf)`,
    zh: ({ file }) => `警告：简报正文用的是自带的宋体（Noto Serif SC），不是 GB/T 9704-2012 要求的仿宋；请在 ${file} 里把 fonts.fangsong 设为单位自有的仿宋字体文件（content/ 下的路径，如 fonts/fangsong.ttf）`,
  }),
  'briefing-warning': entry({ en: ({ name, warning }: { name: string; warning: string }) => `warning: ${name}: ${warning}`, zh: ({ name, warning }) => `警告：${name}：${warning}` }),
  'briefing-banji-lost': entry({ en: () => 'the 版记 could not be found after printing', zh: () => '印好后找不到版记' }),
  'briefing-banji-page': entry({ en: ({ page, pages }: { page: number; pages: number }) => `the 版记 ended on page ${page} of ${pages}`, zh: ({ page, pages }) => `版记结束在第 ${page} 页（共 ${pages} 页），不在最后一页` }),
  'briefing-banji-odd': entry({ en: ({ page }: { page: number }) => `the 版记 ended on page ${page}, an odd page (GB/T 9704-2012 puts it on the back of a sheet, an even page)`, zh: ({ page }) => `版记在第 ${page} 页，是单页（GB/T 9704-2012 要求版记在双页，即纸张背面）` }),
  'briefing-banji-off': entry({ en: ({ off }: { off: string }) => `the 版记 ends ${off} pt above the foot of the text block`, zh: ({ off }) => `版记的末行离版心底边还差 ${off} 磅` }),
  'briefing-printed': entry({ en: ({ path }: { path: string }) => `printed ${path}`, zh: ({ path }) => `已印 ${path}` }),
  'printed-detail': entry({ en: ({ bytes, seconds }: { bytes: number; seconds: string }) => `${bytes} bytes, ${seconds} s`, zh: ({ bytes, seconds }) => `${bytes} 字节，${seconds} 秒` }),
  'briefing-missing-glyphs': entry({
    en: ({ name, font, chars, more }: { name: string; font: string; chars: string; more: number }) => `warning: ${name}: ${font} has no glyph for ${chars}${more ? ` and ${more} more` : ''}; the bundled serif stands in for them`,
    zh: ({ name, font, chars, more }) => `警告：${name}：${font} 里没有 ${chars}${more ? ` 等（另有 ${more} 个）` : ''}这些字，改用自带的宋体印`,
  }),
  'briefing-marks-lost': entry({ en: ({ name, marks }: { name: string; marks: string }) => `${name}: the print document lost its measuring marks (${marks}); check templates/briefing/briefing.hbs`, zh: ({ name, marks }) => `${name}：印制文档里的测量标记（${marks}）不见了；请检查 templates/briefing/briefing.hbs` }),
  'briefing-banji-tall': entry({ en: ({ name }: { name: string }) => `${name}: the 版记 is taller than a page; shorten the 报/送/发 lists`, zh: ({ name }) => `${name}：版记比一页还高；请缩短报、送、发的名单` }),
  'briefing-unknown': entry({
    en: ({ id, dir, known }: { id: string; dir: string; known: string }) => `no briefing “${id}” in ${dir}/ — ${known ? `the briefings are: ${known}` : 'there is none yet: write one as content/briefings/<id>.md'}`,
    zh: ({ id, dir, known }) => `${dir}/ 里没有简报“${id}”——${known ? `现有的简报：${known}` : '现在还没有简报：请写一份 content/briefings/<编号>.md'}`,
  }),
  'article-changed-during-build': entry({ en: ({ file }: { file: string }) => `${file} changed while the build was running; run the build again`, zh: ({ file }) => `构建过程中 ${file} 被修改了；请重新运行一次构建` }),
  'briefing-not-listed': entry({ en: () => 'note: the home page does not list this briefing yet; `daan build` adds it', zh: () => '提示：首页还没有列出这份简报；运行 `daan build` 后就会加上' }),
  'briefing-wrote': entry({ en: ({ paths, seconds }: { paths: string[]; seconds: string }) => `wrote ${paths.join(' and ')} in ${seconds} s`, zh: ({ paths, seconds }) => `已写出 ${paths.join(' 和 ')}，用时 ${seconds} 秒` }),
  'build-transformed': entry({ en: ({ what }: { what: string }) => `transformed ${what}`, zh: ({ what }) => `已转换 ${what}` }),
  'build-checked': entry({ en: ({ id }: { id: string }) => `checked ${id}`, zh: ({ id }) => `已检查 ${id}` }),
  'build-articles': entry({ en: ({ n }: { n: number }) => `${n} article(s)`, zh: ({ n }) => `${n} 篇文章` }),
  'build-up-to-date-timed': entry({ en: ({ out, n, seconds }: { out: string; n: number; seconds: string }) => `${out} is up to date: ${n} edition(s) unchanged (${seconds} s)`, zh: ({ out, n, seconds }) => `${out} 已是最新：${n} 期都没有改动（${seconds} 秒）` }),
  'build-building': entry({ en: ({ id, why }: { id: string; why: string }) => `building ${id} (${why})`, zh: ({ id, why }) => `生成 ${id}（${why}）` }),
  'build-open-queries': entry({ en: ({ n }: { n: number }) => `${n} open editorial quer${n === 1 ? 'y' : 'ies'} (never printed; \`daan check\` lists them)`, zh: ({ n }) => `还有 ${n} 条编辑疑问没有答复（不会印出来；\`daan check\` 会列出）` }),
  'build-warning': entry({ en: ({ file, reason, fix }: { file: string; reason: string; fix: string }) => `warning: ${file}: ${reason} (fix: ${fix})`, zh: ({ file, reason, fix }) => `警告：${file}：${reason}（改法：${fix}）` }),
  'build-loaded': entry({
    en: ({ editions, articles, building, reusing }: { editions: number; articles: number; building: number; reusing: number }) => `loaded ${editions} edition(s), ${articles} article(s); building ${building}, reusing ${reusing}`,
    zh: ({ editions, articles, building, reusing }) => `已读取 ${editions} 期、${articles} 篇文章；生成 ${building} 期，沿用 ${reusing} 期`,
  }),
  'build-images': entry({ en: ({ n, id, cached }: { n: number; id: string; cached: number }) => `wrote ${n} image file(s) for ${id} (${cached} from the build cache)`, zh: ({ n, id, cached }) => `为 ${id} 写出 ${n} 个图片文件（其中 ${cached} 个取自生成缓存）` }),
  'build-rendered': entry({ en: ({ rendered, reused }: { rendered: number; reused: number }) => `rendered ${rendered} web files, reused ${reused}`, zh: ({ rendered, reused }) => `排出 ${rendered} 个网页文件，沿用 ${reused} 个` }),
  'build-indexed-ahead': entry({ en: ({ n, editions }: { n: number; editions: string }) => `gave the search index ${n} article page(s) of ${editions} ahead (their year has an edition rebuilt)`, zh: ({ n, editions }) => `提前把 ${editions} 的 ${n} 个文章页面交给搜索索引（同一年有重建的期）` }),
  'build-indexed': entry({ en: ({ n, reused }: { n: number; reused: number }) => `indexed ${n} page(s) for search${reused ? `, reused ${reused} unchanged part(s) of the index` : ''}`, zh: ({ n, reused }) => `为搜索收录了 ${n} 个页面${reused ? `，沿用了索引中未变的 ${reused} 个部分` : ''}` }),
  'build-done': entry({
    en: ({ files, out, seconds, built, reused }: { files: number; out: string; seconds: string; built: number; reused: number }) => `wrote ${files} files to ${out} in ${seconds} s: built ${built} edition(s), reused ${reused}`,
    zh: ({ files, out, seconds, built, reused }) => `已向 ${out} 写出 ${files} 个文件，用时 ${seconds} 秒：生成 ${built} 期，沿用 ${reused} 期`,
  }),
  'build-outlets': entry({ en: ({ id, n }: { id: string; n: number }) => `wrote the outlets of ${id}: ${n} file(s)`, zh: ({ id, n }) => `写出 ${id} 的其他版本：${n} 个文件` }),
  'build-pdfa-missing': entry({ en: ({ why }: { why: string }) => `--pdfa: ${why} No PDF/A copies were written.`, zh: ({ why }) => `--pdfa：${why}没有写出 PDF/A 副本。` }),
  'build-cover-drawn': entry({ en: ({ id, seconds }: { id: string; seconds: string }) => `drew ${id}/cover.png (${seconds} s)`, zh: ({ id, seconds }) => `画好 ${id}/cover.png（${seconds} 秒）` }),
  'build-pdfa-wrote': entry({ en: ({ path, version }: { path: string; version: string }) => `wrote ${path} (PDF/A-2b, Ghostscript ${version})`, zh: ({ path, version }) => `已写出 ${path}（PDF/A-2b，Ghostscript ${version}）` }),
  'print-printed': entry({ en: ({ name }: { name: string }) => `printed ${name}`, zh: ({ name }) => `已印 ${name}` }),
  'print-reused': entry({ en: ({ name }: { name: string }) => `reused ${name} from the build cache (its print document is unchanged)`, zh: ({ name }) => `沿用构建缓存中的 ${name}（印刷文档未变）` }),
  'print-printed-detail': entry({
    en: ({ bytes, prints, seconds }: { bytes: number; prints: number; seconds: string }) => `${bytes} bytes, ${prints === 0 ? 'no print' : prints === 1 ? '1 print' : `${prints} prints`}, ${seconds} s`,
    zh: ({ bytes, prints, seconds }) => (prints === 0 ? `${bytes} 字节，未重印，${seconds} 秒` : `${bytes} 字节，印了 ${prints} 遍，${seconds} 秒`),
  }),
  'press-errors': entry({ en: ({ name, n }: { name: string; n: number }) => `${name}: ${n} preflight error(s)`, zh: ({ name, n }) => `${name}：印前检查有 ${n} 个错误` }),
  'press-padded': entry({ en: ({ blanks, pages }: { blanks: number; pages: number }) => `, ${blanks} blank page(s) added before the colophon to make ${pages} pages (a multiple of 4)`, zh: ({ blanks, pages }) => `，在版权页前加了 ${blanks} 页空白，凑成 ${pages} 页（4 的倍数）` }),
  'press-wrote': entry({ en: ({ path }: { path: string }) => `wrote ${path}`, zh: ({ path }) => `已写出 ${path}` }),
  'press-detail': entry({ en: ({ version, bleed, padded }: { version: string; bleed: number; padded: string }) => `press copy: PDF/${version}, CMYK, ${bleed} mm bleed${padded}`, zh: ({ version, bleed, padded }) => `付印版：PDF/${version}，CMYK，出血 ${bleed} 毫米${padded}` }),
  'press-briefing-wrote': entry({ en: ({ path, version, bleed }: { path: string; version: string; bleed: number }) => `wrote ${path} (press copy: PDF/${version}, CMYK, ${bleed} mm bleed)`, zh: ({ path, version, bleed }) => `已写出 ${path}（付印版：PDF/${version}，CMYK，出血 ${bleed} 毫米）` }),
  'press-briefings-failed': entry({ en: ({ failures }: { failures: string[] }) => `The briefings' press copies did not pass preflight (the findings are listed above):\n  ${failures.join('\n  ')}`, zh: ({ failures }) => `简报的付印版没有通过印前检查（问题见上面的列表）：\n  ${failures.join('\n  ')}` }),
  'web-font-slice-made': entry({ en: ({ name }: { name: string }) => `made web font slice ${name}`, zh: ({ name }) => `已生成网页字体切片 ${name}` }),
  'web-font-slice-reused': entry({ en: ({ name }: { name: string }) => `reused web font slice ${name}`, zh: ({ name }) => `沿用网页字体切片 ${name}` }),
  'web-font-subsets': entry({ en: ({ face, made, reused, seconds }: { face: string; made: number; reused: number; seconds: string }) => `made ${made} web font subset(s) of ${face} (${reused} reused, ${seconds} s)`, zh: ({ face, made, reused, seconds }) => `为 ${face} 生成了 ${made} 个网页字体子集（沿用 ${reused} 个，${seconds} 秒）` }),
  'press-failed': entry({ en: ({ failures }: { failures: string[] }) => `The press copy did not pass preflight (the findings are listed above):\n  ${failures.join('\n  ')}`, zh: ({ failures }) => `付印版没有通过印前检查（问题见上面的列表）：\n  ${failures.join('\n  ')}` }),
  'press-pages-differ': entry({
    en: ({ name, differences }: { name: string; differences: string[] }) => `${name}: the press copy's pages differ from the reading copy's (${differences.join('; ')}). The bleed must not change the layout: check the print CSS for sizes taken from the page box.`,
    zh: ({ name, differences }) => `${name}：付印版的页面和阅读版不一样（${differences.join('；')}）。出血不应改变版面：请检查印刷 CSS 里按页面框取的尺寸。`,
  }),
  'press-page-count': entry({ en: ({ got, expected }: { got: number; expected: number }) => `${got} pages instead of ${expected}`, zh: ({ got, expected }) => `${got} 页，应为 ${expected} 页` }),
  'press-page-moved': entry({ en: ({ id, got, expected }: { id: string; got: string; expected: number }) => `${id} on page ${got} instead of ${expected}`, zh: ({ id, got, expected }) => `${id} 在第 ${got} 页，应在第 ${expected} 页` }),
  // load/
  'noun-briefing': entry({ en: () => 'Briefing', zh: () => '简报' }),
  'noun-settings-file': entry({ en: () => 'Settings file', zh: () => '设置文件' }),
  'noun-cover-image': entry({ en: () => 'Cover image', zh: () => '封面图片' }),
  'noun-article': entry({ en: () => 'Article', zh: () => '文章' }),
  'noun-image': entry({ en: () => 'Image', zh: () => '图片' }),
  'noun-template': entry({ en: () => 'Template', zh: () => '模板' }),
  'noun-template-folder': entry({ en: () => 'Template folder', zh: () => '模板文件夹' }),
  'noun-data-file': entry({ en: () => 'Data file', zh: () => '数据文件' }),
  'noun-csv-file': entry({ en: () => 'CSV file', zh: () => 'CSV 文件' }),
  'noun-content-folder': entry({ en: () => 'the content folder', zh: () => '内容文件夹' }),
  'noun-templates-folder': entry({ en: () => 'the templates folder', zh: () => '模板文件夹' }),
  'front-matter': entry({
    en: () => 'The article has no front matter',
    zh: () => '文章开头缺少文章信息（front matter）',
    fix: { en: () => 'Start the file with a `---` line, the fields (title:, column: …), and another `---` line', zh: () => '文件第一行写 `---`，接着写各项（title:、column: 等），再写一行 `---`' },
  }),
  'empty-article': entry({
    en: () => 'The article has no body text',
    zh: () => '文章没有正文',
    fix: { en: () => 'Write the article below the front matter, or remove the file', zh: () => '在文章信息下面写正文，或者删掉这个文件' },
  }),
  'briefing-id': entry({
    en: ({ id }: { id: string }) => `The briefing’s file name “${id}” cannot be its id (the name of its PDF and page)`,
    zh: ({ id }) => `简报的文件名“${id}”不能当编号用（编号就是它的 PDF 和网页的名字）`,
    fix: { en: () => 'Name the file with lower-case letters, digits and single hyphens, e.g. 2017-01.md', zh: () => '文件名只用小写字母、数字和单个连字符，如 2017-01.md' },
  }),
  'briefing-front-matter': entry({
    en: () => 'The briefing has no front matter',
    zh: () => '简报开头缺少简报信息（front matter）',
    fix: { en: () => 'Start the file with a `---` line, the fields (name:, number:, unit:, date:, copies: …), and another `---` line', zh: () => '文件第一行写 `---`，接着写各项（name:、number:、unit:、date:、copies: 等），再写一行 `---`' },
  }),
  'empty-briefing': entry({
    en: () => 'The briefing has no body',
    zh: () => '简报没有正文',
    fix: { en: () => 'Write the briefing below the front matter, or include an article: ::include{edition=2017-09 article=<slug>}', zh: () => '在简报信息下面写正文，或者引用一篇文章：::include{edition=2017-09 article=<slug>}' },
  }),
  'edition-unloaded': entry({ en: ({ reason, id }: { reason: string; id: string }) => `${reason} — edition ${id} cannot be loaded until this is fixed`, zh: ({ reason, id }) => `${reason}——改好之前，${id} 这一期读不进来` }),
  'edition-id': entry({
    en: ({ id, year, number }: { id: string; year: number; number: number; expected: string }) => `The folder is ${id} but edition.yaml says ${year}年第${number}期`,
    zh: ({ id, year, number }) => `文件夹名是 ${id}，可 edition.yaml 写的是 ${year}年第${number}期`,
    fix: { en: ({ expected }) => `Rename the folder to ${expected}, or correct year: and number:`, zh: ({ expected }) => `把文件夹改名为 ${expected}，或者改正 year: 和 number:` },
  }),
  'articles-folder': entry({
    en: ({ folder, code }: { folder: string; code: string }) => `The articles folder ${folder} cannot be read (${code === 'ELOOP' ? 'it is a symlink loop' : code})`,
    zh: ({ folder, code }) => `文章文件夹 ${folder} 读不了（${code === 'ELOOP' ? '它是一个绕回自身的链接' : code}）`,
    fix: { en: () => 'Make articles/ a plain folder holding the Markdown files', zh: () => '让 articles/ 成为一个普通文件夹，里面放 Markdown 文件' },
  }),
  'no-content-folder': entry({ en: ({ dir }: { dir: string }) => `no content folder at ${dir} (pass --content DIR)`, zh: ({ dir }) => `${dir} 没有内容文件夹（用 --content 文件夹 指定）` }),
  'nesting': entry({
    en: ({ levels, max }: { levels: number; max: number }) => `Nested too deep: ${levels} levels of quotes (>), lists and HTML elements inside one another here; at most ${max} are allowed`,
    zh: ({ levels, max }) => `嵌套太深：这里引用（>）、列表和 HTML 元素一层套一层，共 ${levels} 层；最多只能 ${max} 层`,
    fix: { en: () => 'Take the text out of the nested quotes and lists (or close the HTML elements: </div>); no article needs this many levels', zh: () => '把文字从层层引用和列表里拿出来（或者把 HTML 元素关上：</div>）；没有文章需要这么多层' },
  }),
  'file-size': entry({
    en: ({ size, max }: { size: number; max: number }) => `File is ${size} bytes; content files may be at most ${max} bytes`,
    zh: ({ size, max }) => `文件有 ${size} 字节；内容文件最多 ${max} 字节`,
    fix: { en: () => 'Split it into smaller files, or move bulk data into a CSV data set', zh: () => '拆成几个小文件，或者把大量数据放进 CSV 数据表' },
  }),
  'encoding': entry({
    en: ({ guess }: { guess?: string; iconv: string; name: string }) => `File is not UTF-8${guess ? `; it looks like ${guess}` : ''}`,
    zh: ({ guess }) => `文件不是 UTF-8 编码${guess ? `，看起来是 ${guess}` : ''}`,
    fix: {
      en: ({ iconv, name }) => `Save it as UTF-8 in your editor, or convert it: iconv -f ${iconv} -t UTF-8 ${name} > ${name}.utf8 && mv ${name}.utf8 ${name}`,
      zh: ({ iconv, name }) => `在编辑器里另存为 UTF-8，或者用命令转换：iconv -f ${iconv} -t UTF-8 ${name} > ${name}.utf8 && mv ${name}.utf8 ${name}`,
    },
  }),
  'refused-url': entry({
    en: ({ what, ref }: { what: string; ref: string; base: string }) => `${what} \`${ref}\` is a URL: only files of the content folder may be used`,
    zh: ({ what, ref }) => `${what} \`${ref}\` 是网址：只能用内容文件夹里的文件`,
    fix: { en: ({ base }) => `Save the file under ${base}/ and refer to it by its path relative to ${base}/`, zh: ({ base }) => `把文件存到 ${base}/ 下，写它相对 ${base}/ 的路径` },
  }),
  'refused-absolute': entry({
    en: ({ what, ref }: { what: string; ref: string; base: string }) => `${what} \`${ref}\` is an absolute path: only files of the content folder may be used`,
    zh: ({ what, ref }) => `${what} \`${ref}\` 是绝对路径：只能用内容文件夹里的文件`,
    fix: { en: ({ base }) => `Copy the file under ${base}/ and write its path relative to ${base}/`, zh: ({ base }) => `把文件复制到 ${base}/ 下，写它相对 ${base}/ 的路径` },
  }),
  'refused-parent': entry({
    en: ({ what, ref, base }: { what: string; ref: string; base: string }) => `${what} \`${ref}\` climbs out of ${base}/ with ../`,
    zh: ({ what, ref, base }) => `${what} \`${ref}\` 用 ../ 跑到了 ${base}/ 外面`,
    fix: { en: ({ base }) => `Copy the file under ${base}/ and write its path relative to ${base}/`, zh: ({ base }) => `把文件复制到 ${base}/ 下，写它相对 ${base}/ 的路径` },
  }),
  'refused-missing': entry({
    en: ({ what, path }: { what: string; path: string }) => `${what} not found: ${path}`,
    zh: ({ what, path }) => `找不到${what}：${path}`,
    fix: { en: () => 'Add the file, or correct the path', zh: () => '补上这个文件，或者改正路径' },
  }),
  'refused-outside': entry({
    en: ({ what, path, real, root }: { what: string; path: string; real: string; root: string }) => `${what} ${path} is a symlink to ${real}, outside ${root}`,
    zh: ({ what, path, real, root }) => `${what} ${path} 是指向 ${real} 的链接，在${root}外面`,
    fix: { en: ({ root }) => `Copy the file into ${root} instead of linking to it`, zh: ({ root }) => `把文件复制到${root}里，不要用链接` },
  }),
  'refused-not-file': entry({
    en: ({ what, path }: { what: string; path: string }) => `${what} ${path} is not a regular file`,
    zh: ({ what, path }) => `${what} ${path} 不是普通文件`,
    fix: { en: () => 'Refer to a file', zh: () => '请指向一个文件' },
  }),
  'refused-too-big': entry({
    en: ({ what, path, size, max }: { what: string; path: string; size: number; max: number }) => `${what} ${path} is ${size} bytes; at most ${max} bytes are allowed`,
    zh: ({ what, path, size, max }) => `${what} ${path} 有 ${size} 字节；最多只能 ${max} 字节`,
    fix: { en: () => 'Make the file smaller (scale the image down, split the data)', zh: () => '把文件改小（缩小图片，拆分数据）' },
  }),
  'refused-loop': entry({
    en: ({ what, path }: { what: string; path: string }) => `${what} ${path} is a symlink loop: following it leads back to itself and never to a file`,
    zh: ({ what, path }) => `${what} ${path} 是绕回自身的链接，顺着它永远找不到文件`,
    fix: { en: () => 'Delete the link and put the file itself there', zh: () => '删掉这个链接，把文件本身放在那里' },
  }),
  'missing-file': entry({
    en: () => 'Missing site.yaml: the settings of the magazine',
    zh: () => '缺少 site.yaml（刊物的设置）',
    fix: { en: ({ file }: { file: string }) => `Create ${file} with at least \`name:\` and \`publisher:\``, zh: ({ file }) => `新建 ${file}，至少写上 \`name:\` 和 \`publisher:\`` },
  }),
  'yaml': entry({
    en: ({ tag, detail }: { tag: boolean; detail: string; code: string }) => `${tag ? 'YAML tag not allowed' : 'Broken YAML'}: ${detail}`,
    zh: ({ tag, detail, code }) => `${tag ? '不允许用 YAML 标签' : 'YAML 格式有错'}：${({ DUPLICATE_KEY: '同一个字段写了两次', TAB_AS_INDENT: '用了 Tab 缩进', BAD_INDENT: '缩进不对', MISSING_CHAR: '缺少字符（如引号、冒号或括号没有配对）', MULTILINE_IMPLICIT_KEY: '字段名跨了行', BLOCK_AS_IMPLICIT_KEY: '字段名的位置上写了一段内容', UNEXPECTED_TOKEN: '这里出现了不该有的字符', BAD_SCALAR_START: '值的开头用了特殊字符', TAG_RESOLVE_FAILED: '无法识别的标签' } as Record<string, string>)[code] ?? '格式不对'}（${detail}）`,
    fix: { en: ({ code }) => yamlFixEn(code), zh: ({ code }) => yamlFixZh(code) },
  }),
  'yaml-unclosed': entry({ en: () => 'It opens here and is never closed: close it at the end of the value (or remove it)', zh: () => '这里开了头却没有收尾：在值的末尾补上（或者删掉开头的符号）' }),
  'control-character': entry({
    en: ({ code, value }: { code: string; value: string }) => `Invisible control character U+${code} in the value \`${value}\``,
    zh: ({ code, value }) => `值 \`${value}\` 里有看不见的控制字符 U+${code}`,
    fix: {
      en: () => 'Delete it: retype the value, or remove the escape (\\f, \\0, \\x…, \\u…) that writes it. Only tabs and line breaks may stand in a text',
      zh: () => '删掉它：重新输入这个值，或者去掉写出它的转义（\\f、\\0、\\x…、\\u…）。文字里只能有 Tab 和换行',
    },
  }),
  'yaml-alias': entry({
    en: ({ detail }: { detail: string }) => `YAML aliases expand too far: ${detail}`,
    zh: ({ detail }) => `YAML 别名展开得太多：${detail}`,
    fix: { en: () => 'Write the values out instead of nesting aliases (*name) inside aliased lists and maps', zh: () => '把值直接写出来，不要在被引用的列表和表里再套别名（*名字）' },
  }),
  'schema-unknown': entry({
    en: ({ field }: { field: string; known: string }) => `Unknown field \`${field}\``,
    zh: ({ field }) => `没有 \`${field}\` 这个字段`,
    fix: { en: ({ known }) => (known ? `Remove it, or use one of: ${known}` : 'Remove it'), zh: ({ known }) => (known ? `删掉它，或者改用其中一个：${known}` : '删掉它') },
  }),
  'schema-missing': entry({
    en: ({ field }: { field: string; key: string; expected: string }) => `Missing field ${field}`,
    zh: ({ field }) => `缺少字段 ${field}`,
    fix: { en: ({ key, expected }) => `Add \`${key}:\` with ${expectedEn(expected)}`, zh: ({ key, expected }) => `加上 \`${key}:\`，写${expectedZh(expected)}` },
  }),
  'schema': entry({
    en: ({ field, detail }: { field: string; detail: string; code: string; expected: string; values: string }) => `${field}: ${detail}`,
    zh: ({ field, detail }) => `${field}：${detail}`,
    fix: {
      en: ({ code, expected, values }) => (code === 'invalid_type' ? `Write ${expectedEn(expected)} here` : values ? `Use one of: ${values}` : 'Correct the value as the message says'),
      zh: ({ code, expected, values }) => (code === 'invalid_type' ? `这里要写${expectedZh(expected)}` : values ? `改用其中一个：${values}` : '按上面说的改正这个值'),
    },
  }),
  'schema-the-file': entry({ en: () => 'The file', zh: () => '这个文件' }),
  'schema-date': entry({ en: () => 'expected a date written YYYY-MM-DD', zh: () => '要写成 YYYY-MM-DD 格式的日期' }),
  'schema-real-date': entry({ en: () => 'is not a real calendar date', zh: () => '日历上没有这一天' }),
  'schema-not-empty': entry({ en: () => 'must not be empty', zh: () => '不能空着' }),
  'schema-colour': entry({ en: () => 'expected a colour like #9e1b1b', zh: () => '要写成 #9e1b1b 这样的颜色' }),
  // data/
  'cell-single': entry({
    en: ({ found }: { found: string }) => `expected a single value, found ${found === 'list' ? 'a list' : found}`,
    zh: ({ found }) => `这里只能写一个值，现在是${found === 'list' ? '一个列表' : found === 'object' ? '一组字段' : found}`,
    fix: { en: () => 'Write one value per cell', zh: () => '每格只写一个值' },
  }),
  'cell-integer': entry({
    en: ({ found }: { found: string; unit?: string }) => `expected a whole number, found “${found}”`,
    zh: ({ found }) => `这里要写整数，现在是“${found}”`,
    fix: {
      en: ({ unit }) => `Write digits only, without a unit or grouping commas${unit ? ` (the unit ${unit} comes from the column)` : ''}: 862`,
      zh: ({ unit }) => `只写数字，不带单位，也不用千位逗号${unit ? `（单位“${unit}”由这一列给出）` : ''}：862`,
    },
  }),
  'cell-decimal': entry({
    en: ({ found }: { found: string }) => `expected a number, found “${found}”`,
    zh: ({ found }) => `这里要写数字，现在是“${found}”`,
    fix: { en: () => 'Write digits with a decimal point, without a unit or grouping commas: 4.1', zh: () => '写数字，可以带小数点，不带单位，也不用千位逗号：4.1' },
  }),
  'cell-percent': entry({
    en: ({ found }: { found: string }) => `expected a percentage, found “${found}”`,
    zh: ({ found }) => `这里要写百分数，现在是“${found}”`,
    fix: { en: () => 'Write 3.5% (with the sign) or the fraction 0.035', zh: () => '写 3.5%（带百分号），或者写小数 0.035' },
  }),
  'cell-date': entry({
    en: ({ found }: { found: string }) => `expected a date, found “${found}”`,
    zh: ({ found }) => `这里要写日期，现在是“${found}”`,
    fix: { en: () => 'Write YYYY, YYYY-MM or YYYY-MM-DD: 2017-07', zh: () => '写成 YYYY、YYYY-MM 或 YYYY-MM-DD：2017-07' },
  }),
  // check/
  'column': entry({
    en: ({ column }: { column: string; columns: string; file: string }) => `Column “${column}” is not one of the edition’s columns`,
    zh: ({ column }) => `这一期没有“${column}”这个栏目`,
    fix: { en: ({ columns, file }) => `Use one of: ${columns} — or add it to columns: in ${file}`, zh: ({ columns, file }) => `改用其中一个：${columns}；或者在 ${file} 的 columns: 里加上它` },
  }),
  'duplicate-slug': entry({
    en: ({ slug, other }: { slug: string; other: string }) => `Slug “${slug}” is used by ${other} too`,
    zh: ({ slug, other }) => `网页名（slug）“${slug}”已被 ${other} 用了`,
    fix: { en: () => 'Give one of the two articles its own `slug:` in the front matter', zh: () => '在其中一篇的文章信息里另写一个 `slug:`' },
  }),
  'missing-glyph': entry({
    en: ({ char }: { char: string }) => `The character ${char} has no glyph in the bundled fonts; it would print as a blank`,
    zh: ({ char }) => `自带字体里没有 ${char} 这个字，印出来会是空白`,
    fix: { en: () => 'Replace it with a character the fonts have (or with a description), or configure a font that covers it', zh: () => '换成字体里有的字（或者用文字描述），或者配置一个有这个字的字体' },
  }),
  'output-collision-empty': entry({
    en: () => 'The article has no name for its page: its title gives no letters or digits for a slug',
    zh: () => '这篇文章的网页没有名字：标题里没有可用作网页名（slug）的字母或数字',
    fix: { en: () => 'Give the article another `slug:` in its front matter (lower-case letters, digits and hyphens), e.g. slug: dangjian-linghang', zh: () => '在文章信息里写一个 `slug:`（小写字母、数字和连字符），如 slug: dangjian-linghang' },
  }),
  'output-collision': entry({
    en: ({ slug, reserved, page }: { slug: string; kept: string; reserved: string; page: string }) => `Slug “${slug}” is kept for ${reserved}: the article's page ${page} would replace it or be replaced`,
    zh: ({ slug, kept, reserved, page }) => `网页名（slug）“${slug}”留给了${reservedZh[kept] ?? reserved}：文章的网页 ${page} 会和它互相覆盖`,
    fix: { en: () => 'Give the article another `slug:` in its front matter (lower-case letters, digits and hyphens)', zh: () => '在文章信息里另写一个 `slug:`（小写字母、数字和连字符）' },
  }),
  'open-query': entry({
    en: ({ query }: { query: string }) => `Open editorial query: ${query}`,
    zh: ({ query }) => `编辑疑问还没有答复：${query}`,
    fix: {
      en: () => 'Answer it and delete the query (the text, the `query:` field or the `queries:` line), then build the press copy again; or build with --allow-queries to print anyway',
      zh: () => '答复后删掉这条疑问（那段文字、`query:` 字段或 `queries:` 里的那一行），再生成付印版；或者加 --allow-queries 照样付印',
    },
  }),
  'queries-none': entry({ en: () => 'no open editorial queries', zh: () => '没有未答复的编辑疑问' }),
  'queries-head': entry({ en: ({ n }: { n: number }) => `${n} open editorial quer${n === 1 ? 'y' : 'ies'} (待核问题, never printed):`, zh: ({ n }) => `${n} 条待核问题（不会印出来）：` }),
  'verify-no-manifest': entry({ en: ({ manifest, out }: { manifest: string; out: string }) => `no readable ${manifest} in ${out}: build first (daan build --out ${out})`, zh: ({ manifest, out }) => `${out} 里没有可读的 ${manifest}：请先生成（daan build --out ${out}）` }),
  'verify-differs-detail': entry({
    en: ({ bytes, sha, size, expected }: { bytes: number; sha: string; size: number; expected: string }) => `${bytes} bytes, sha256 ${sha}…; the manifest says ${size} bytes, ${expected}…`,
    zh: ({ bytes, sha, size, expected }) => `${bytes} 字节，sha256 ${sha}…；清单上记的是 ${size} 字节，${expected}…`,
  }),
  'verify-linked-missing': entry({ en: ({ from, out }: { from: string; out: string }) => `linked from ${from}, but neither in ${out} nor in its manifest`, zh: ({ from, out }) => `${from} 链接到它，可 ${out} 里和清单上都没有` }),
  'internal-publication': entry({
    en: ({ label }: { label: string; key: string; file: string }) => `${label} is missing: an internal publication prints it (第十四条)`,
    zh: ({ label }) => `缺少${label}：内部资料必须印上（第十四条）`,
    fix: { en: ({ key, file }) => `Add publication: { ${key}: … } to ${file}`, zh: ({ key, file }) => `在 ${file} 里加上 publication: { ${key}: … }` },
  }),
  'internal-publication-date': entry({
    en: () => '印刷日期 is missing: an internal publication prints it on the colophon (第十四条)',
    zh: () => '缺少印刷日期：内部资料要在版权页上印出（第十四条）',
    fix: { en: () => 'Add print_date: YYYY-MM-DD under date:', zh: () => '在 date: 下面加上 print_date: YYYY-MM-DD' },
  }),
  'internal-publication-copies': entry({
    en: () => '印数 is missing: an internal publication prints it on the colophon (第十四条)',
    zh: () => '缺少印数：内部资料要在版权页上印出（第十四条）',
    fix: { en: () => 'Add copies: N (the print run) under date:', zh: () => '在 date: 下面加上 copies: 印数' },
  }),
  'internal-publication-word': entry({
    en: ({ word, text }: { word: string; text: string }) => `“${word}” in “${text}”: an internal publication may not call itself a 报, 刊 or 杂志 (第十四条)`,
    zh: ({ word, text }) => `“${text}”里有“${word}”：内部资料不能自称报、刊或杂志（第十四条）`,
    fix: { en: () => 'Reword it: 内部资料 has a 准印证号, not a 刊号; write 编辑部 for 杂志社', zh: () => '换个说法：内部资料有准印证号，没有刊号；“杂志社”改写为“编辑部”' },
  }),
  'data-duplicate': entry({
    en: ({ id, other }: { id: string; other: string }) => `Data set \`${id}\` is also defined by ${other}`,
    zh: ({ id, other }) => `数据表 \`${id}\` 在 ${other} 里也定义了一次`,
    fix: { en: () => 'Rename one of the two files: the file name is the data set’s name', zh: () => '把两个文件中的一个改名：文件名就是数据表的名字' },
  }),
  'outside-content': entry({ en: ({ reason }: { reason: string; fix: string }) => reason, zh: ({ reason }) => reason, fix: { en: ({ fix }) => fix, zh: ({ fix }) => fix } }),
  'data-csv-unreadable': entry({
    en: ({ file }: { file: string; csv: string; yaml: string }) => `Cannot read ${file}`,
    zh: ({ file }) => `读不了 ${file}`,
    fix: { en: ({ csv, yaml }) => `Put ${csv} next to ${yaml}, or correct \`csv:\``, zh: ({ csv, yaml }) => `把 ${csv} 放在 ${yaml} 旁边，或者改正 \`csv:\`` },
  }),
  'data-key-column': entry({
    en: ({ name }: { name: string }) => `Column \`${name}\` is not a usable key`,
    zh: ({ name }) => `列名 \`${name}\` 不能用作键`,
    fix: { en: () => 'Name columns with letters, digits and _ (households, 户数), not starting with a digit', zh: () => '列名用字母、汉字、数字和 _（households、户数），不要以数字开头' },
  }),
  'data-key-header': entry({
    en: ({ key }: { key: string }) => `The CSV header has no \`${key}\` column to name the rows`,
    zh: ({ key }) => `CSV 表头里没有用来给各行起名的 \`${key}\` 列`,
    fix: { en: ({ key }) => `Add a first column \`${key}\` with a key per row (wagao, xinfang), or set \`row_key:\` to the column that names the rows`, zh: ({ key }) => `加上第一列 \`${key}\`，每行写一个键（wagao、xinfang）；或者把 \`row_key:\` 设为给各行起名的那一列` },
  }),
  'data-computed-value': entry({
    en: ({ row, kind, column }: { row: string; kind: string; column: string }) => `Row \`${row}\` is ${kind} but also gives \`${column}\``,
    zh: ({ row, kind, column }) => `\`${row}\` 这一行是${kind === 'linked' ? '引用来的' : '算出来的'}，却又写了 \`${column}\` 的值`,
    fix: {
      en: ({ kind }) => `Remove the value: a ${kind} row gets its numbers from ${kind === 'linked' ? '`from:`' : 'its `sum:` or `expr:`'}`,
      zh: ({ kind }) => `删掉这个值：这一行的数字来自 ${kind === 'linked' ? '`from:`' : '它的 `sum:` 或 `expr:`'}`,
    },
  }),
  'data-column-twice': entry({
    en: ({ key }: { key: string }) => `Column \`${key}\` is declared twice`,
    zh: ({ key }) => `\`${key}\` 这一列声明了两次`,
    fix: { en: () => 'Give each column its own key', zh: () => '每一列用不同的键' },
  }),
  'data-unit-from': entry({
    en: ({ column }: { column: string }) => `\`unit_from: ${column}\` must name a text column of this data set`,
    zh: ({ column }) => `\`unit_from: ${column}\` 必须是本数据表里的一个文字列`,
    fix: { en: ({ column }) => `Declare a text column \`${column}\` holding each row’s unit, or use \`unit:\``, zh: ({ column }) => `声明一个文字列 \`${column}\`，写每行的单位；或者改用 \`unit:\`` },
  }),
  'data-row-no-key': entry({
    en: ({ key }: { key: string }) => 'Row has no key',
    zh: () => '这一行没有键',
    fix: { en: ({ key }) => `Give it \`${key}:\` — a name for checks and directives (lifted2014, wagao)`, zh: ({ key }) => `给它写上 \`${key}:\`——核对和指令里用的名字（lifted2014、wagao）` },
  }),
  'data-row-key': entry({
    en: ({ key }: { key: string }) => `Row key \`${key}\` cannot be used in expressions`,
    zh: ({ key }) => `行键 \`${key}\` 不能用在算式里`,
    fix: { en: () => 'Use letters, digits and _, not starting with a digit (lifted2014, 瓦高村)', zh: () => '用字母、汉字、数字和 _，不要以数字开头（lifted2014、瓦高村）' },
  }),
  'data-row-twice': entry({
    en: ({ key, line }: { key: string; line: number }) => `Duplicate row key \`${key}\` (first at line ${line})`,
    zh: ({ key, line }) => `行键 \`${key}\` 重复了（第一次在第${line}行）`,
    fix: { en: () => 'Give each row its own key', zh: () => '每一行用不同的键' },
  }),
  'data-cell': entry({
    en: ({ cell, detail }: { cell: string; detail: string }) => `\`${cell}\`: ${detail}`,
    zh: ({ cell, detail }) => `\`${cell}\`：${detail}`,
    fix: {
      en: () => 'Write a flagged value as { value: 34, flag: unverified, note: … }, or one with a question for the editors as { value: 34, query: … }',
      zh: () => '带标记的值写成 { value: 34, flag: unverified, note: … }；要给编辑提问的值写成 { value: 34, query: … }',
    },
  }),
  'data-cell-unknown': entry({ en: ({ fields }: { fields: string }) => `unknown field ${fields}`, zh: ({ fields }) => `没有 ${fields} 这个字段` }),
  'data-cell-value': entry({ en: () => 'value', zh: () => '值' }),
  'data-flag': entry({
    en: ({ flag }: { flag: string; flags: string }) => `Unknown flag \`${flag}\``,
    zh: ({ flag }) => `没有 \`${flag}\` 这个标记`,
    fix: { en: ({ flags }) => `Use ${flags}, or declare it under \`flags:\` with a mark and a note`, zh: ({ flags }) => `改用 ${flags}；或者在 \`flags:\` 下声明它，写上符号和说明` },
  }),
  'data-computed-column': entry({
    en: ({ column, row }: { column: string; row: string }) => `\`${column}\` is a computed column; row \`${row}\` cannot give it a value`,
    zh: ({ column, row }) => `\`${column}\` 是算出来的列；\`${row}\` 这一行不能给它写值`,
    fix: { en: () => 'Remove the value: the column’s `expr:` computes it', zh: () => '删掉这个值：这一列的 `expr:` 会算出它' },
  }),
  'data-type': entry({ en: ({ cell, label, type, error }: { cell: string; label: string; type: string; error: string; fix: string }) => `\`${cell}\` (${label}, ${type}): ${error}`, zh: ({ cell, label, error }) => `\`${cell}\`（${label}）：${error}`, fix: { en: ({ fix }) => fix, zh: ({ fix }) => fix } }),
  'data-computed-both': entry({
    en: ({ row, first, second }: { row: string; first: string; second: string }) => `Row \`${row}\` has both \`${first}:\` and \`${second}:\``,
    zh: ({ row, first, second }) => `\`${row}\` 这一行同时写了 \`${first}:\` 和 \`${second}:\``,
    fix: { en: () => 'Keep one way of getting its numbers', zh: () => '只留一种取数的办法' },
  }),
  'data-sum-self': entry({
    en: ({ row }: { row: string; rows: string }) => `Row \`${row}\` cannot sum itself`,
    zh: ({ row }) => `\`${row}\` 这一行不能把自己加进去`,
    fix: { en: ({ rows }) => `Use row keys of this data set: ${rows}`, zh: ({ rows }) => `用本数据表的行键：${rows}` },
  }),
  'data-sum-unknown': entry({
    en: ({ name }: { name: string; rows: string }) => `\`sum:\` names no row \`${name}\``,
    zh: ({ name }) => `\`sum:\` 里的 \`${name}\` 不是任何一行`,
    fix: { en: ({ rows }) => `Use row keys of this data set: ${rows}`, zh: ({ rows }) => `用本数据表的行键：${rows}` },
  }),
  'data-expr': entry({
    en: ({ text, error }: { text: string; error: string }) => `Cannot read \`${text}\`: ${error}`,
    zh: ({ text, error }) => `看不懂 \`${text}\`：${error}`,
    fix: {
      en: () => 'Write row and column keys, numbers, + − × ÷, parentheses and (in a check) one comparison: remaining.households == identified.households − lifted.households',
      zh: () => '只写行键和列键、数字、+ − × ÷、括号，（核对里）再加一个比较：remaining.households == identified.households − lifted.households',
    },
  }),
  'data-column': entry({
    en: ({ name, where }: { name: string; where: string; file: string; known: string }) => `Unknown column \`${name}\` in ${where}`,
    zh: ({ name, where }) => `${where} 里的 \`${name}\` 不是任何一列`,
    fix: { en: ({ file, known }) => `Declare it under \`columns:\` in ${file}, or use one of: ${known}`, zh: ({ file, known }) => `在 ${file} 的 \`columns:\` 下声明它，或者改用其中一个：${known}` },
  }),
  'data-link-row': entry({
    en: ({ dataset, row }: { dataset: string; row: string; known: string }) => `Data set \`${dataset}\` has no row \`${row}\``,
    zh: ({ dataset, row }) => `数据表 \`${dataset}\` 里没有 \`${row}\` 这一行`,
    fix: { en: ({ known }) => `Use one of: ${known}`, zh: ({ known }) => `改用其中一个：${known}` },
  }),
  'data-link': entry({
    en: ({ dataset }: { dataset: string; known: string }) => `No data set \`${dataset}\` in this edition`,
    zh: ({ dataset }) => `这一期没有数据表 \`${dataset}\``,
    fix: { en: ({ known }) => `Use one of: ${known}`, zh: ({ known }) => `改用其中一个：${known}` },
  }),
  'data-csv': entry({
    en: ({ detail }: { detail: string }) => `Broken CSV: ${detail}`,
    zh: ({ detail }) => `CSV 格式有错：${detail}`,
    fix: { en: () => 'Quote a field that contains a comma, a quote or a line break ("a, b"), and double a quote inside it ("")', zh: () => '含逗号、引号或换行的格子要加英文双引号（"a, b"），格子里的双引号要写两遍（""）' },
  }),
  'data-csv-empty': entry({
    en: () => 'The CSV file is empty',
    zh: () => 'CSV 文件是空的',
    fix: { en: () => 'Write a header line with the column keys, then one line per row', zh: () => '第一行写各列的键（表头），下面每行写一行数据' },
  }),
  'data-csv-ragged': entry({
    en: ({ fields, columns, names }: { fields: number; columns: number; names: string; extra: boolean }) => `Row has ${fields} field${fields === 1 ? '' : 's'} but the header has ${columns} (${names})`,
    zh: ({ fields, columns, names }) => `这一行有 ${fields} 格，表头却有 ${columns} 列（${names}）`,
    fix: {
      en: ({ extra }) => (extra ? 'Remove the extra fields, or quote a value that contains a comma ("1,340")' : 'Add the missing fields; an empty field (two commas in a row) is an empty cell'),
      zh: ({ extra }) => (extra ? '删掉多出的格子；值里有逗号的要加双引号（"1,340"）' : '补上缺的格子；空格子就是连写两个逗号'),
    },
  }),
  'data-formula-link': entry({
    en: ({ row, from, error }: { row: string; from: string; error: string }) => `Row \`${row}\` cannot be taken from ${from}: ${error}`,
    zh: ({ row, from, error }) => `\`${row}\` 这一行没法从 ${from} 取数：${error}`,
    fix: { en: () => 'Break the circle: one of the rows must hold its own numbers', zh: () => '打破循环：其中一行必须自己写数字' },
  }),
  'data-formula': entry({
    en: ({ formula, error }: { formula: string; error: string }) => `Cannot compute \`${formula}\`: ${error}`,
    zh: ({ formula, error }) => `算不出 \`${formula}\`：${error}`,
    fix: { en: () => 'Use the keys of rows and columns of this data set; a row of another data set comes in with `from:`', zh: () => '用本数据表的行键和列键；别的数据表里的行用 `from:` 引进来' },
  }),
  'data-check-unreadable': entry({
    en: ({ check, error }: { check: string; error: string }) => `Cannot evaluate check \`${check}\`: ${error}`,
    zh: ({ check, error }) => `核对式 \`${check}\` 算不了：${error}`,
    fix: { en: () => 'Write row.column names of this data set, numbers, + − × ÷ and one comparison', zh: () => '写本数据表的“行.列”名、数字、+ − × ÷ 和一个比较' },
  }),
  'data-check': entry({
    en: ({ check, differences }: { check: string; differences: string; operands: string }) => `Check failed: \`${check}\` — ${differences}`,
    zh: ({ check, differences }) => `核对不符：\`${check}\`——${differences}`,
    fix: { en: ({ operands }) => `One of these figures is wrong: ${operands}. Correct it (or the check)`, zh: ({ operands }) => `下面这些数字里有错的：${operands}。请改正它（或者改正核对式）` },
  }),
  'data-check-sides': entry({ en: ({ key, left, right }: { key: string; left: string; right: string }) => `${key ? `${key}: ` : ''}left side ${left}, right side ${right}`, zh: ({ key, left, right }) => `${key ? `${key}：` : ''}左边 ${left}，右边 ${right}` }),
  'data-check-operand': entry({ en: ({ shown, kind, line }: { shown: string; kind: string; line: number }) => `${shown} (${kind ? `${kind}, ` : ''}line ${line})`, zh: ({ shown, kind, line }) => `${shown}（${kind ? `${kind === 'linked' ? '引用' : '算出'}，` : ''}第${line}行）` }),
  // data/expr.ts and data/compute.ts: what is wrong in an expression
  'expr-character': entry({ en: ({ char }: { char: string }) => `unexpected character “${char}”`, zh: ({ char }) => `不该出现的字符“${char}”` }),
  'expr-too-long': entry({ en: ({ max }: { max: number }) => `expression is longer than ${max} characters`, zh: ({ max }) => `算式超过了 ${max} 个字符` }),
  'expr-one-comparison': entry({ en: () => 'only one comparison is allowed; split it into two checks', zh: () => '只能有一个比较；请拆成两条核对' }),
  'expr-unopened': entry({ en: () => 'a “)” without its “(”', zh: () => '有“)”却没有对应的“(”' }),
  'expr-unexpected': entry({ en: ({ token }: { token: string }) => `unexpected “${token}”`, zh: ({ token }) => `不该出现“${token}”` }),
  'expr-column-after-dot': entry({ en: () => 'expected a column name after “.”', zh: () => '“.”后面要写列名' }),
  'expr-unclosed': entry({ en: () => 'missing “)”', zh: () => '缺少“)”' }),
  'expr-ends-early': entry({ en: () => 'the expression ends too early', zh: () => '算式没写完' }),
  'expr-expected-operand': entry({ en: ({ token }: { token: string }) => `expected a name, a number or “(”, found “${token}”`, zh: ({ token }) => `这里要写名字、数字或“(”，现在是“${token}”` }),
  'expr-too-deep': entry({ en: ({ max }: { max: number }) => `nested more than ${max} deep`, zh: ({ max }) => `括号套了超过 ${max} 层` }),
  'expr-comparison-in-formula': entry({ en: () => 'a comparison is allowed only in a check', zh: () => '只有核对里才能写比较' }),
  'expr-check-compares': entry({ en: () => 'a check compares two sides: use ==, !=, <, <=, > or >=', zh: () => '核对要比较两边：用 ==、!=、<、<=、> 或 >=' }),
  'expr-comparison-in-sum': entry({ en: () => 'a comparison cannot be part of a sum; only one comparison, at the top', zh: () => '比较不能放在加减里；只能在最外层写一个比较' }),
  'expr-division-by-zero': entry({ en: () => 'division by zero', zh: () => '除数是零' }),
  'expr-circular': entry({ en: ({ cell }: { cell: string }) => `circular reference: ${cell} depends on itself`, zh: ({ cell }) => `循环引用：${cell} 绕回来用到了它自己` }),
  'expr-no-column': entry({ en: ({ key, dataset, columns }: { key: string; dataset: string; columns: string }) => `no column “${key}” in ${dataset} (columns: ${columns})`, zh: ({ key, dataset, columns }) => `${dataset} 里没有“${key}”这一列（列有：${columns}）` }),
  'expr-not-number': entry({ en: ({ key, type }: { key: string; type: string }) => `“${key}” is a ${type} column, not a number`, zh: ({ key }) => `“${key}”这一列不是数字` }),
  'expr-no-row': entry({ en: ({ name, dataset, rows }: { name: string; dataset: string; rows: string }) => `no row or column “${name}” in ${dataset} (rows: ${rows})`, zh: ({ name, dataset, rows }) => `${dataset} 里没有“${name}”这一行或这一列（行有：${rows}）` }),
  'expr-dot-needs-row': entry({ en: ({ name }: { name: string }) => `“.${name}” needs a row before it, not a number`, zh: ({ name }) => `“.${name}”前面要写行名，不能是数字` }),
  'expr-no-numeric-column': entry({ en: ({ name, dataset, columns }: { name: string; dataset: string; columns: string }) => `no numeric column “${name}” in ${dataset} (${columns})`, zh: ({ name, dataset, columns }) => `${dataset} 里没有数字列“${name}”（${columns}）` }),
  'data-where-header': entry({ en: () => 'the header', zh: () => '表头' }),
  'data-where-row': entry({ en: ({ row }: { row: string }) => `row \`${row}\``, zh: ({ row }) => `\`${row}\` 这一行` }),
  // transform/
  'include-briefing-only': entry({
    en: () => '`::include` works only in a briefing (content/briefings/*.md)',
    zh: () => '`::include` 只能用在简报里（content/briefings/*.md）',
    fix: { en: () => 'Copy the text into this article, or write the briefing under content/briefings/', zh: () => '把那段文字复制到这篇文章里，或者把简报写在 content/briefings/ 下' },
  }),
  'include-attribute': entry({
    en: ({ name }: { name: string; known: string }) => `Unknown attribute \`${name}\` on \`::include\``,
    zh: ({ name }) => `\`::include\` 没有 \`${name}\` 这个属性`,
    fix: { en: ({ known }) => `Use ${known}`, zh: ({ known }) => `改用 ${known}` },
  }),
  'include-edition-missing': entry({
    en: ({ ids }: { ids: string }) => '`::include` needs `edition=`: the edition the article is in',
    zh: () => '`::include` 要写 `edition=`：文章所在的那一期',
    fix: { en: ({ ids }) => `Use one of: ${ids || '(no edition yet)'}`, zh: ({ ids }) => `改用其中一期：${ids || '（现在还没有）'}` },
  }),
  'include-edition': entry({
    en: ({ id }: { id: string; ids: string }) => `No edition \`${id}\``,
    zh: ({ id }) => `没有 \`${id}\` 这一期`,
    fix: { en: ({ ids }) => `Use one of: ${ids || '(no edition yet)'}`, zh: ({ ids }) => `改用其中一期：${ids || '（现在还没有）'}` },
  }),
  'include-article-missing': entry({
    en: ({ slugs }: { slugs: string }) => '`::include` needs `article=`: the slug of the article',
    zh: () => '`::include` 要写 `article=`：文章的网页名（slug）',
    fix: { en: ({ slugs }) => `Use one of: ${slugs}`, zh: ({ slugs }) => `改用其中一篇：${slugs}` },
  }),
  'include-article': entry({
    en: ({ slug, edition }: { slug: string; edition: string; slugs: string; dir: string }) => `No article \`${slug}\` in edition ${edition}`,
    zh: ({ slug, edition }) => `${edition} 这一期没有 \`${slug}\` 这篇文章`,
    fix: { en: ({ slugs, dir }) => `Use one of: ${slugs || `(none: add articles to ${dir}/articles/)`}`, zh: ({ slugs, dir }) => `改用其中一篇：${slugs || `（还没有文章：请加到 ${dir}/articles/）`}` },
  }),
  'include-heading': entry({
    en: ({ value }: { value: string }) => `\`heading=${value}\` is not true or false`,
    zh: ({ value }) => `\`heading=${value}\` 只能是 true 或 false`,
    fix: { en: () => 'Write heading=false to leave the heading (or the title) out; it is included by default', zh: () => '写 heading=false 表示不要标题（或小标题）；默认是带上的' },
  }),
  'include-section': entry({
    en: ({ section, slug, edition }: { section: string; slug: string; edition: string; list: string }) => `No section \`${section}\` in ${slug} (${edition})`,
    zh: ({ section, slug, edition }) => `${slug}（${edition}）里没有 \`${section}\` 这一节`,
    fix: {
      en: ({ list }) => (list ? `Use the id of one of its headings: ${list}` : 'The article has no headings: include it whole (leave out section=)'),
      zh: ({ list }) => (list ? `改用其中一个小标题的 id：${list}` : '这篇文章没有小标题：请整篇引用（去掉 section=）'),
    },
  }),
  'include-nested': entry({
    en: ({ file }: { file: string }) => `${file} itself includes; includes do not nest`,
    zh: ({ file }) => `${file} 自己也引用了别的文章；引用不能一层套一层`,
    fix: { en: () => 'Include the other article directly in the briefing', zh: () => '在简报里直接引用那篇文章' },
  }),
  'directive': entry({
    en: ({ name }: { name: string }) => `Unknown directive \`${name}\``,
    zh: ({ name }) => `没有 \`${name}\` 这个指令`,
    fix: {
      en: () => 'Use one of :value, :ref, ::table, ::chart, ::include, :::figure[…], :::table[…] (docs/syntax.md), or escape the colon as \\:',
      zh: () => '改用 :value、:ref、::table、::chart、::include、:::figure[…]、:::table[…] 之一（见 docs/syntax.md）；如果冒号就是冒号，写成 \\:',
    },
  }),
  'data-attribute': entry({
    en: ({ name, directive }: { name: string; directive: string; known: string }) => `Unknown attribute \`${name}\` on \`${directive}\``,
    zh: ({ name, directive }) => `\`${directive}\` 没有 \`${name}\` 这个属性`,
    fix: { en: ({ known }) => `Use ${known}`, zh: ({ known }) => `改用 ${known}` },
  }),
  'data-needs-data': entry({
    en: ({ directive }: { directive: string; edition: string }) => `\`${directive}\` needs \`data=\`: the data set it shows`,
    zh: ({ directive }) => `\`${directive}\` 要写 \`data=\`：它显示的数据表`,
    fix: {
      en: ({ directive, edition }) => `Write ${directive}{data=name …}; the data sets are the files in content/${edition}/data/`,
      zh: ({ directive, edition }) => `写成 ${directive}{data=名字 …}；数据表就是 content/${edition}/data/ 里的文件`,
    },
  }),
  'data-edition': entry({
    en: ({ edition, reference }: { edition: string; reference: string }) => `No edition \`${edition}\` for \`data=${reference}\``,
    zh: ({ edition, reference }) => `\`data=${reference}\` 指的 \`${edition}\` 这一期不存在`,
    fix: { en: () => 'Write data=name for this edition, or data=YYYY-NN/name for another', zh: () => '本期的数据写 data=名字，别的期写 data=YYYY-NN/名字' },
  }),
  'data-dataset': entry({
    en: ({ reference }: { reference: string; known: string; edition: string }) => `Unknown data set \`${reference}\``,
    zh: ({ reference }) => `没有 \`${reference}\` 这个数据表`,
    fix: { en: ({ known, edition }) => `Use one of: ${known || `(none: add files to content/${edition}/data/)`}`, zh: ({ known, edition }) => `改用其中一个：${known || `（还没有：请把文件加到 content/${edition}/data/）`}` },
  }),
  'data-needs-row': entry({
    en: ({ known }: { known: string }) => '`:value` needs `row=`',
    zh: () => '`:value` 要写 `row=`',
    fix: { en: ({ known }) => `Use one of: ${known}`, zh: ({ known }) => `改用其中一个：${known}` },
  }),
  'data-row': entry({
    en: ({ key, dataset }: { key: string; dataset: string; known: string }) => `Unknown row \`${key}\` in data set \`${dataset}\``,
    zh: ({ key, dataset }) => `数据表 \`${dataset}\` 里没有 \`${key}\` 这一行`,
    fix: { en: ({ known }) => `Use one of: ${known}`, zh: ({ known }) => `改用其中一个：${known}` },
  }),
  'data-column-unknown': entry({
    en: ({ key, dataset }: { key: string; dataset: string; known: string }) => `Unknown column \`${key}\` in data set \`${dataset}\``,
    zh: ({ key, dataset }) => `数据表 \`${dataset}\` 里没有 \`${key}\` 这一列`,
    fix: { en: ({ known }) => `Use one of: ${known}`, zh: ({ known }) => `改用其中一个：${known}` },
  }),
  'data-units': entry({
    en: ({ units }: { units: string }) => `\`units=${units}\` is not a unit placement`,
    zh: ({ units }) => `\`units=${units}\` 不是单位的放法`,
    fix: { en: () => 'Use units=line (单位：户、人 over the table) or units=header (人数（人）)', zh: () => '写 units=line（表上方写“单位：户、人”）或 units=header（表头写成“人数（人）”）' },
  }),
  'data-chart-type': entry({
    en: ({ type }: { type: string; known: string }) => `Unknown chart type \`${type}\``,
    zh: ({ type }) => `没有 \`${type}\` 这种图表`,
    fix: { en: ({ known }) => `Use ${known}`, zh: ({ known }) => `改用 ${known}` },
  }),
  'data-chart-x': entry({
    en: ({ dataset }: { dataset: string }) => `Data set \`${dataset}\` has no text column for the categories`,
    zh: ({ dataset }) => `数据表 \`${dataset}\` 没有可作分类的文字列`,
    fix: { en: () => 'Name the column of the x axis with x=…', zh: () => '用 x=… 指定横轴用哪一列' },
  }),
  'data-chart-text': entry({
    en: ({ column }: { column: string; known: string }) => `Column \`${column}\` is not a number and cannot be charted`,
    zh: ({ column }) => `\`${column}\` 这一列不是数字，画不了图`,
    fix: { en: ({ known }) => `Chart numeric columns: ${known}`, zh: ({ known }) => `改画数字列：${known}` },
  }),
  'data-needs-col': entry({
    en: ({ known }: { known: string }) => '`:value` needs `col=`: the column (or columns, comma-separated) to show',
    zh: () => '`:value` 要写 `col=`：要显示的列（几列就用逗号隔开）',
    fix: { en: ({ known }) => `Use one of: ${known}`, zh: ({ known }) => `改用其中一个：${known}` },
  }),
  'data-decimals': entry({
    en: ({ value }: { value: string }) => `\`decimals=${value}\` is not a number of decimals`,
    zh: ({ value }) => `\`decimals=${value}\` 不是小数位数`,
    fix: { en: () => 'Use decimals=0 … 6', zh: () => '写 decimals=0 到 6' },
  }),
  'data-no-value': entry({
    en: ({ cell }: { cell: string; file: string }) => `\`${cell}\` has no value`,
    zh: ({ cell }) => `\`${cell}\` 没有值`,
    fix: { en: ({ file }) => `Fill it in ${file}, or show another column`, zh: ({ file }) => `在 ${file} 里填上，或者改显示别的列` },
  }),
  'data-ref-needs-id': entry({
    en: ({ known }: { known: string }) => '`:ref` needs `id=`: the table, chart or figure it names',
    zh: () => '`:ref` 要写 `id=`：它指的表、图表或图',
    fix: { en: ({ known }) => `Use one of: ${known || '(no table, chart or figure in this article)'}`, zh: ({ known }) => `改用其中一个：${known || '（这篇文章里没有表、图表或图）'}` },
  }),
  'data-ref-ambiguous': entry({
    en: ({ id, n, labels }: { id: string; n: number; labels: string; known: string }) => `\`${id}\` names ${n} tables and figures (${labels})`,
    zh: ({ id, n, labels }) => `\`${id}\` 同时指了 ${n} 个表和图（${labels}）`,
    fix: { en: ({ known }) => `Use one of: ${known || '(none)'}`, zh: ({ known }) => `改用其中一个：${known || '（没有）'}` },
  }),
  'data-ref': entry({
    en: ({ id }: { id: string; known: string }) => `No table, chart or figure \`${id}\` in this article`,
    zh: ({ id }) => `这篇文章里没有 \`${id}\` 这个表、图表或图`,
    fix: { en: ({ known }) => `Use one of: ${known || '(none)'}`, zh: ({ known }) => `改用其中一个：${known || '（没有）'}` },
  }),
  'data-inline': entry({
    en: ({ name }: { name: string }) => `\`:${name}\` goes in running text, with one colon`,
    zh: ({ name }) => `\`:${name}\` 要写在句子里，只用一个冒号`,
    fix: { en: ({ name }) => `Write :${name}{…} inside a sentence`, zh: ({ name }) => `在句子里写 :${name}{…}` },
  }),
  'figure-text': entry({
    en: ({ found }: { found?: string }) => `Only photos go inside \`:::figure\`${found ? ` (found “${found}”)` : ''}`,
    zh: ({ found }) => `\`:::figure\` 里只能放照片${found ? `（这里有“${found}”）` : ''}`,
    fix: {
      en: ({ found }) => (found ? 'Write the caption as :::figure[说明文字], and each photo as ![说明](images/name.jpg) on its own line' : 'Put the text before or after the figure; write the caption as :::figure[说明文字]'),
      zh: ({ found }) => (found ? '说明写成 :::figure[说明文字]，每张照片单独一行写 ![说明](images/name.jpg)' : '把文字放到图的前面或后面；说明写成 :::figure[说明文字]'),
    },
  }),
  'figure-empty': entry({
    en: () => '`:::figure` has no photo',
    zh: () => '`:::figure` 里没有照片',
    fix: { en: () => 'Put one to three photos inside, each written ![说明](images/name.jpg) on its own line', zh: () => '放一到三张照片，每张单独一行写 ![说明](images/name.jpg)' },
  }),
  'figure-too-many': entry({
    en: ({ n, max }: { n: number; max: number }) => `\`:::figure\` has ${n} photos; at most ${max} fit side by side`,
    zh: ({ n, max }) => `\`:::figure\` 里有 ${n} 张照片；并排最多放 ${max} 张`,
    fix: { en: () => 'Split them into two figures', zh: () => '分成两个图' },
  }),
  'figure-attribute': entry({
    en: ({ name, directive }: { name: string; directive: string; known: string; table: boolean }) => `Unknown attribute \`${name}\` on \`${directive}\``,
    zh: ({ name, directive }) => `\`${directive}\` 没有 \`${name}\` 这个属性`,
    fix: {
      en: ({ known, table }) => `Use ${known}${table ? '; a table from data is written ::table{data=…}' : ''}`,
      zh: ({ known, table }) => `改用 ${known}${table ? '；用数据生成的表写成 ::table{data=…}' : ''}`,
    },
  }),
  'figure-width': entry({
    en: ({ width }: { width: string; known: string }) => `\`width=${width}\` is not a figure width`,
    zh: ({ width }) => `\`width=${width}\` 不是图的宽度`,
    fix: { en: ({ known }) => `Use ${known}`, zh: ({ known }) => `改用 ${known}` },
  }),
  'table-one': entry({
    en: () => '`:::table[说明]` holds exactly one table and nothing else',
    zh: () => '`:::table[说明]` 里只能有一张表，别的都不能放',
    fix: { en: () => 'Put the | … | table alone between :::table[说明] and :::', zh: () => '在 :::table[说明] 和 ::: 之间只放那张 | … | 表' },
  }),
  'table-caption': entry({
    en: () => '`:::table` has no caption',
    zh: () => '`:::table` 没有说明',
    fix: { en: () => 'Write the caption in brackets: :::table[2024年各村道路长度]', zh: () => '把说明写在方括号里：:::table[2024年各村道路长度]' },
  }),
  'image-folder': entry({
    en: ({ src, folder }: { src: string; folder: string; base: string; name: string }) => `Image \`${src}\` is not in the ${folder}/ folder beside it`,
    zh: ({ src, folder }) => `图片 \`${src}\` 不在旁边的 ${folder}/ 文件夹里`,
    fix: { en: ({ base, folder, name }) => `Put it in ${base}/${folder}/ and write ${folder}/${name}`, zh: ({ base, folder, name }) => `把它放进 ${base}/${folder}/，写成 ${folder}/${name}` },
  }),
  'image-type': entry({
    en: ({ src, svg }: { src: string; svg: boolean; name: string }) => `Image \`${src}\` is not a PNG, JPEG, GIF, WebP or AVIF file${svg ? ' (SVG can carry scripts)' : ''}`,
    zh: ({ src, svg }) => `图片 \`${src}\` 不是 PNG、JPEG、GIF、WebP 或 AVIF 文件${svg ? '（SVG 里可能带脚本）' : ''}`,
    fix: { en: ({ name }) => `Convert it to PNG or JPEG, e.g. images/${name}.png`, zh: ({ name }) => `转成 PNG 或 JPEG，如 images/${name}.png` },
  }),
  'image-missing-fix': entry({ en: ({ base }: { base: string }) => `Add the file, or correct the path (it is relative to ${base}/)`, zh: ({ base }) => `补上这个文件，或者改正路径（路径是相对 ${base}/ 的）` }),
  'image-resolution': entry({
    en: ({ src, dpi, width, height, mm, low, best }: { src: string; dpi: number; width: number; height: number; mm: number; low: number; best: number; pixels: number }) => `Photo ${src} is only ${dpi} dpi in print: ${width} × ${height} pixels across ${mm} mm (at least ${low} dpi looks sharp, ${best} is best)`,
    zh: ({ src, dpi, width, height, mm, low, best }) => `照片 ${src} 印出来只有 ${dpi} dpi：${width} × ${height} 像素要印 ${mm} 毫米宽（至少 ${low} dpi 才清楚，${best} dpi 最好）`,
    fix: { en: ({ pixels, best }) => `Use a larger original: ${pixels} pixels across prints it at ${best} dpi`, zh: ({ pixels, best }) => `换一张更大的原图：宽 ${pixels} 像素就能印到 ${best} dpi` },
  }),
  // render/
  'template-missing': entry({
    en: ({ name }: { name: string }) => `Missing template ${name}.hbs`,
    zh: ({ name }) => `缺少模板 ${name}.hbs`,
    fix: { en: ({ name }) => `Create ${name}.hbs under templates/ (or the edition's templates/)`, zh: ({ name }) => `在 templates/（或这一期的 templates/）下新建 ${name}.hbs` },
  }),
  'template-partial-used': entry({
    en: ({ partial, template }: { partial: string; template: string; known: string }) => `Missing partial \`${partial}\` (used by ${template}.hbs)`,
    zh: ({ partial, template }) => `缺少局部模板 \`${partial}\`（${template}.hbs 用到了它）`,
    fix: {
      en: ({ partial, known }) => `Create templates/partials/${partial}.hbs (or the edition's templates/partials/${partial}.hbs), or correct the name; partials: ${known || 'none'}`,
      zh: ({ partial, known }) => `新建 templates/partials/${partial}.hbs（或这一期的 templates/partials/${partial}.hbs），或者改正名字；现有的局部模板：${known || '没有'}`,
    },
  }),
  'template-unclosed': entry({
    en: ({ open, name }: { open: string; name: string }) => `Template error: \`{{${open}}}\` is opened here and never closed`,
    zh: ({ open }) => `模板有错：\`{{${open}}}\` 在这里开头，却没有结束`,
    fix: { en: ({ name }) => `Add \`{{/${name}}}\` where the block ends`, zh: ({ name }) => `在这一块结束的地方加上 \`{{/${name}}}\`` },
  }),
  'template-helper': entry({
    en: ({ helper }: { helper: string; known: string }) => `Unknown template helper \`${helper}\``,
    zh: ({ helper }) => `没有 \`${helper}\` 这个模板函数`,
    fix: { en: ({ known }) => `Use one of: ${known}`, zh: ({ known }) => `改用其中一个：${known}` },
  }),
  'template-partial': entry({
    en: ({ partial }: { partial: string }) => `Missing partial \`${partial}\``,
    zh: ({ partial }) => `缺少局部模板 \`${partial}\``,
    fix: { en: ({ partial }) => `Create templates/partials/${partial}.hbs or correct the name`, zh: ({ partial }) => `新建 templates/partials/${partial}.hbs，或者改正名字` },
  }),
  'template': entry({
    en: ({ detail }: { detail: string }) => `Template error: ${detail}`,
    zh: ({ detail }) => `模板有错：${detail}`,
    fix: { en: () => 'Correct the Handlebars syntax at this place', zh: () => '改正这里的 Handlebars 写法' },
  }),
  'template-folder-linked': entry({
    en: ({ path }: { path: string }) => `Template folder ${path} is a symlink: linked folders are not read`,
    zh: ({ path }) => `模板文件夹 ${path} 是链接：不读链接过来的文件夹`,
    fix: { en: () => 'Copy the templates into the folder instead of linking to them', zh: () => '把模板复制到文件夹里，不要用链接' },
  }),
  'template-folder-dangling': entry({
    en: ({ path }: { path: string }) => `Template folder ${path} is a symlink to nothing`,
    zh: ({ path }) => `模板文件夹 ${path} 是一个指向不存在位置的链接`,
    fix: { en: () => 'Delete the link', zh: () => '删掉这个链接' },
  }),
  'outside-templates': entry({
    en: ({ path, real }: { path: string; real: string }) => `Template folder ${path} is a symlink to ${real}, outside its own folder`,
    zh: ({ path, real }) => `模板文件夹 ${path} 是指向 ${real} 的链接，跑到了自己的文件夹外面`,
    fix: { en: () => 'Copy the templates into the folder instead of linking to them', zh: () => '把模板复制到文件夹里，不要用链接' },
  }),
  'template-asset': entry({
    en: ({ path, code, name }: { path: string; code: string; name: string }) => `cannot read ${path} (${code}): the templates folder needs ${name}; restore it (git checkout -- templates/${name}) or pass --templates DIR`,
    zh: ({ path, code, name }) => `读不了 ${path}（${code}）：模板文件夹里必须有 ${name}；请恢复它（git checkout -- templates/${name}），或用 --templates 文件夹 指定`,
  }),
  // images/
  'image-unreadable': entry({
    en: ({ shown, code }: { shown: string; code: string }) => `Image ${shown} could not be read (${code})`,
    zh: ({ shown, code }) => `图片 ${shown} 读不了（${code}）`,
    fix: { en: () => 'Check that the file is readable', zh: () => '检查这个文件能不能打开' },
  }),
  'image-too-big': entry({
    en: ({ shown, mb, max }: { shown: string; mb: string; max: string }) => `Image ${shown} is ${mb} MB; at most ${max} MB are allowed`,
    zh: ({ shown, mb, max }) => `图片 ${shown} 有 ${mb} MB；最多只能 ${max} MB`,
    fix: { en: () => 'Save it smaller: 3000 pixels across is plenty for a full-width photo in print (JPEG, quality 85–90)', zh: () => '存小一点：通栏照片宽 3000 像素就足够印刷了（JPEG，质量 85–90）' },
  }),
  'image-export-again': entry({ en: () => 'Export the picture again from the original (as JPEG or PNG) and replace the file', zh: () => '从原图重新导出（JPEG 或 PNG），替换这个文件' }),
  'image-empty': entry({ en: ({ shown }: { shown: string }) => `Image ${shown} is an empty file`, zh: ({ shown }) => `图片 ${shown} 是个空文件` }),
  'image-text': entry({ en: ({ shown }: { shown: string }) => `Image ${shown} is not a picture: the file holds text`, zh: ({ shown }) => `图片 ${shown} 不是图片：文件里是文字` }),
  'image-undecodable': entry({ en: ({ shown, detail }: { shown: string; detail: string }) => `Image ${shown} cannot be read: it is damaged, or not a PNG, JPEG, GIF, WebP or AVIF picture (${detail})`, zh: ({ shown, detail }) => `图片 ${shown} 打不开：文件坏了，或者不是 PNG、JPEG、GIF、WebP、AVIF 图片（${detail}）` }),
  'image-format': entry({
    en: ({ shown, format }: { shown: string; format: string }) => `Image ${shown} is a ${format} file, not a PNG, JPEG, GIF, WebP or AVIF picture`,
    zh: ({ shown, format }) => `图片 ${shown} 是 ${format} 文件，不是 PNG、JPEG、GIF、WebP、AVIF 图片`,
    fix: { en: () => 'Convert it to JPEG (photos) or PNG (drawings) and replace the file', zh: () => '转成 JPEG（照片）或 PNG（图示），替换这个文件' },
  }),
  'image-no-size': entry({ en: ({ shown }: { shown: string }) => `Image ${shown} has no width or height in its header`, zh: ({ shown }) => `图片 ${shown} 的文件头里没有宽和高` }),
  'image-pixels': entry({
    en: ({ shown, width, height, megapixels, max }: { shown: string; width: number; height: number; megapixels: string; max: number }) => `Image ${shown} is ${width} × ${height} pixels (${megapixels} megapixels); at most ${max} megapixels are allowed`,
    zh: ({ shown, width, height, megapixels, max }) => `图片 ${shown} 有 ${width} × ${height} 像素（${megapixels} 百万像素）；最多只能 ${max} 百万像素`,
    fix: { en: () => 'Scale it down: 3000 pixels across is plenty for a full-width photo in print', zh: () => '缩小一些：通栏照片宽 3000 像素就足够印刷了' },
  }),
  'image-damaged': entry({ en: ({ shown, format, detail }: { shown: string; format: string; detail: string }) => `Image ${shown} is damaged: its ${format} data cannot be decoded (${detail})`, zh: ({ shown, format, detail }) => `图片 ${shown} 坏了：它的 ${format} 数据解不开（${detail}）` }),
  'image-variant': entry({ en: ({ path, file, error }: { path: string; file: string; error: string }) => `Could not make ${path} from ${file}: ${error}. If the photo was just replaced, build again`, zh: ({ path, file, error }) => `没能用 ${file} 做出 ${path}：${error}。如果刚换过这张照片，请再生成一次` }),
  // fonts/
  'font-outside': entry({
    en: ({ key, path }: { key: string; path: string; name: string }) => `fonts.${key}: ${path} is outside the content folder`,
    zh: ({ key, path }) => `fonts.${key}：${path} 在内容文件夹外面`,
    fix: { en: ({ name }) => `Copy the font into the content folder (e.g. content/fonts/) and give its path from there: fonts/${name}`, zh: ({ name }) => `把字体复制到内容文件夹里（如 content/fonts/），写相对内容文件夹的路径：fonts/${name}` },
  }),
  'font-missing': entry({
    en: ({ key, path }: { key: string; path: string }) => `fonts.${key}: no font file at ${path}`,
    zh: ({ key, path }) => `fonts.${key}：${path} 没有字体文件`,
    fix: { en: () => 'Give the path of the font file relative to the content folder, e.g. fonts/fangsong.ttf, or remove the setting to use the bundled serif', zh: () => '写字体文件相对内容文件夹的路径，如 fonts/fangsong.ttf；或者删掉这项设置，改用自带的宋体' },
  }),
  'font-file': entry({ en: ({ key, path, why }: { key: string; path: string; why: string; fix: string }) => `fonts.${key}: ${path} ${why}`, zh: ({ key, path, why }) => `fonts.${key}：${path} ${why}`, fix: { en: ({ fix }) => fix, zh: ({ fix }) => fix } }),
  'font-convert': entry({ en: () => 'Use the TrueType (.ttf, glyf outlines) version of the font, or convert it (e.g. `fonttools otf2ttf`), or remove the setting to use the bundled serif', zh: () => '改用这款字体的 TrueType 版本（.ttf，glyf 轮廓），或者转换一下（如 `fonttools otf2ttf`）；也可以删掉这项设置，改用自带的宋体' }),
  'font-not-font': entry({ en: () => 'is not a font file', zh: () => '不是字体文件' }),
  'font-collection': entry({
    en: () => 'is a font collection (.ttc)',
    zh: () => '是字体集（.ttc）',
    fix: { en: () => 'Extract the one face you want into its own .ttf file (e.g. with fonttools ttx / otc2otf), and give that path', zh: () => '把要用的那一款单独提取成 .ttf 文件（如用 fonttools ttx / otc2otf），写它的路径' },
  }),
  'font-woff': entry({ en: () => 'is a web font (WOFF)', zh: () => '是网页字体（WOFF）', fix: { en: () => 'Give the desktop font file (.ttf) instead', zh: () => '改用电脑上装的字体文件（.ttf）' } }),
  'font-cff': entry({ en: () => 'has CFF (PostScript) outlines: Chromium would print it as a Type 3 font', zh: () => '是 CFF（PostScript）轮廓：Chromium 会把它印成 Type 3 字体' }),
  'font-not-truetype': entry({ en: () => 'is not a TrueType or OpenType font', zh: () => '不是 TrueType 或 OpenType 字体' }),
  'font-broken': entry({ en: () => 'has a broken table directory', zh: () => '字体的表目录坏了' }),
  'font-no-glyf': entry({ en: () => 'has no TrueType outlines (glyf table)', zh: () => '没有 TrueType 轮廓（glyf 表）' }),
  'font-no-cmap': entry({ en: () => 'has no character map (cmap table)', zh: () => '没有字符映射（cmap 表）' }),
  'font-variable': entry({
    en: () => 'is a variable font: Chromium would print it as a Type 3 font',
    zh: () => '是可变字体：Chromium 会把它印成 Type 3 字体',
    fix: { en: () => 'Use a static instance of the font (one file per weight), e.g. made with `fonttools varLib.instancer`', zh: () => '改用静态字体（每种粗细一个文件），如用 `fonttools varLib.instancer` 生成' },
  }),
  'font-no-embedding': entry({
    en: () => 'does not allow embedding (OS/2 fsType: restricted licence)',
    zh: () => '不允许嵌入（OS/2 fsType：授权受限）',
    fix: { en: () => 'Use a font whose licence allows embedding in documents, or remove the setting to use the bundled serif', zh: () => '改用授权允许嵌入文档的字体；或者删掉这项设置，改用自带的宋体' },
  }),
  'font-bitmap-only': entry({
    en: () => 'allows only bitmap embedding (OS/2 fsType)',
    zh: () => '只允许以点阵方式嵌入（OS/2 fsType）',
    fix: { en: () => 'Use a font whose licence allows embedding its outlines, or remove the setting to use the bundled serif', zh: () => '改用授权允许嵌入轮廓的字体；或者删掉这项设置，改用自带的宋体' },
  }),
  // emit/
  'out-lock-changing': entry({ en: ({ shown, lock }: { shown: string; lock: string }) => `Could not lock ${shown}: its lock file ${lock} keeps changing. Make sure no other build writes into ${shown}, then build again.`, zh: ({ shown, lock }) => `锁不住 ${shown}：它的锁文件 ${lock} 一直在变。请确认没有别的生成在往 ${shown} 里写，再生成一次。` }),
  'out-busy': entry({
    en: ({ shown, command, pid, host, started, lock }: { shown: string; command: string; pid: number; host?: string; started?: string; lock: string }) =>
      `${shown} is being written by another build: \`${command}\` (process ${pid}${host ? ` on ${host}` : ''}${started ? `, started ${started}` : ''}). Only one build at a time may write a folder. Wait for it to finish or stop it, or build into another folder with --out DIR.${host ? ` If no build runs on ${host} any more, delete ${lock}.` : ''}`,
    zh: ({ shown, command, pid, host, started, lock }) =>
      `${shown} 正在被另一次生成写入：\`${command}\`（${host ? `${host} 上的` : ''}进程 ${pid}${started ? `，开始于 ${started}` : ''}）。同一个文件夹一次只能有一次生成在写。请等它结束或停掉它，或者用 --out 文件夹 生成到别处。${host ? `如果 ${host} 上已经没有生成在跑，请删掉 ${lock}。` : ''}`,
  }),
  'out-symlink': entry({ en: ({ shown }: { shown: string }) => `${shown} is a symbolic link, not a folder. The build replaces its output folder as a whole and never replaces a link or what it points to. Give the real folder with --out, or a new folder.`, zh: ({ shown }) => `${shown} 是链接，不是文件夹。生成时会整个替换输出文件夹，但从不替换链接或它指向的东西。请用 --out 给出真正的文件夹，或者一个新文件夹。` }),
  'out-is-file': entry({ en: ({ shown }: { shown: string }) => `${shown} is a file, not a folder: the build writes a folder of pages and PDFs and will not replace a file. Give a new or empty folder with --out DIR.`, zh: ({ shown }) => `${shown} 是文件，不是文件夹：生成的是一个装网页和 PDF 的文件夹，不会替换文件。请用 --out 文件夹 给一个新的或空的文件夹。` }),
  'out-foreign': entry({
    en: ({ shown, n, listed, more, out }: { shown: string; n: number; listed: string; more: number; out: string }) =>
      `${shown} holds ${n} file(s) this tool did not write (${listed}${more ? ` and ${more} more` : ''}). A build replaces the whole folder, so it stopped and changed nothing. Build into a new or empty folder with --out DIR, move those files away, or pass --move-aside to move the folder to ${out}.moved-aside/ and build a fresh one.`,
    zh: ({ shown, n, listed, more, out }) =>
      `${shown} 里有 ${n} 个不是本工具写的文件（${listed}${more ? ` 等，另有 ${more} 个` : ''}）。生成会替换整个文件夹，所以停了下来，什么也没改。请用 --out 文件夹 生成到新的或空的文件夹，或者把这些文件移走，或者加 --move-aside 把这个文件夹移到 ${out}.moved-aside/ 再重新生成。`,
  }),
  'out-parent-file': entry({ en: ({ shown, file }: { shown: string; file: string }) => `Cannot write ${shown}: ${file} is a file, not a folder. Give another folder with --out DIR.`, zh: ({ shown, file }) => `写不了 ${shown}：${file} 是文件，不是文件夹。请用 --out 文件夹 换一个文件夹。` }),
  'out-cannot-write': entry({
    en: ({ shown, code, place, user, detail }: { shown: string; code: string; place: string; user: string; detail: string }) =>
      `Cannot write ${shown}: ${({ EROFS: `${place} is on a read-only file system`, EACCES: `this user (${user}) may not write in ${place}; make it writable (chmod/chown)`, EPERM: `the system does not permit writing in ${place}`, ENOSPC: `there is no space left on the disk of ${place}; free some space`, EDQUOT: `the disk quota of ${place} is used up; free some space`, ENOTDIR: `a part of ${place} is a file, not a folder`, ENAMETOOLONG: `the path ${place} is too long` } as Record<string, string>)[code] ?? detail}. Nothing was changed. Build into another folder with --out DIR.`,
    zh: ({ shown, code, place, user, detail }) =>
      `写不了 ${shown}：${({ EROFS: `${place} 在只读的文件系统上`, EACCES: `当前用户（${user}）没有在 ${place} 里写的权限；请让它可写（chmod/chown）`, EPERM: `系统不允许在 ${place} 里写`, ENOSPC: `${place} 所在的磁盘满了；请腾出空间`, EDQUOT: `${place} 的磁盘配额用完了；请腾出空间`, ENOTDIR: `${place} 路径里有一段是文件，不是文件夹`, ENAMETOOLONG: `路径 ${place} 太长` } as Record<string, string>)[code] ?? detail}。什么也没改。请用 --out 文件夹 生成到别处。`,
  }),
  'write-error': entry({
    en: ({ shown, code, detail, kept }: { shown: string; code: string; detail: string; kept: boolean }) =>
      `${({ ENOSPC: `No space left on device while writing ${shown}; free some space (or build into another folder with --out) and build again`, EDQUOT: `Disk quota exceeded while writing ${shown}; free some space (or build into another folder with --out) and build again`, EROFS: `Cannot write ${shown}: the file system is read-only; build into another folder with --out`, EACCES: `Permission denied writing ${shown}; make the output folder writable, or build into another folder with --out`, EPERM: `Not permitted to write ${shown}; make the output folder writable, or build into another folder with --out`, EBUSY: `Cannot replace ${shown}: it is in use or is a mount point; build into a folder inside it with --out`, EXDEV: `Cannot replace ${shown}: it is a mount point; build into a folder inside it with --out` } as Record<string, string>)[code] ?? `Could not write ${shown} (${code}: ${detail})`}.${kept ? ' The previous output was left as it was.' : ''}`,
    zh: ({ shown, code, detail, kept }) =>
      `${({ ENOSPC: `写 ${shown} 时磁盘满了；请腾出空间（或用 --out 生成到别处）再生成`, EDQUOT: `写 ${shown} 时磁盘配额用完了；请腾出空间（或用 --out 生成到别处）再生成`, EROFS: `写不了 ${shown}：文件系统是只读的；请用 --out 生成到别处`, EACCES: `没有写 ${shown} 的权限；请让输出文件夹可写，或用 --out 生成到别处`, EPERM: `不允许写 ${shown}；请让输出文件夹可写，或用 --out 生成到别处`, EBUSY: `替换不了 ${shown}：它正被占用或是挂载点；请用 --out 生成到它里面的一个文件夹`, EXDEV: `替换不了 ${shown}：它是挂载点；请用 --out 生成到它里面的一个文件夹` } as Record<string, string>)[code] ?? `没能写 ${shown}（${code}：${detail}）`}。${kept ? '原来的输出保持不变。' : ''}`,
  }),
  'search-start': entry({ en: ({ errors }: { errors: string }) => `The search index could not be started (Pagefind): ${errors}`, zh: ({ errors }) => `搜索索引启动不了（Pagefind）：${errors}` }),
  'search-stopped': entry({
    en: ({ exit, said }: { exit: string; said: string }) => `The search index could not be built: Pagefind stopped (${exit})${said ? `, saying: ${said}` : ''}. Build again; if it stops again, report this message.`,
    zh: ({ exit, said }) => `搜索索引生成不了：Pagefind 中途停止了（${exit}）${said ? `，它说：${said}` : ''}。请再生成一次；如果还停，请把这条消息报告给维护者。`,
  }),
  'search-build': entry({ en: ({ error }: { error: string }) => `The search index could not be built (Pagefind): ${error}`, zh: ({ error }) => `搜索索引生成不了（Pagefind）：${error}` }),
  // print/ and press/
  'gs-not-installed': entry({ en: () => 'Ghostscript (gs) is not installed. Install it (apt-get install ghostscript, brew install ghostscript) and build again.', zh: () => '没有安装 Ghostscript（gs）。请先安装（apt-get install ghostscript 或 brew install ghostscript）再生成。' }),
  'gs-no-icc': entry({ en: ({ version, dirs }: { version: string; dirs: string }) => `Ghostscript ${version} has no sRGB ICC profile (srgb.icc) in ${dirs}.`, zh: ({ version, dirs }) => `Ghostscript ${version} 在 ${dirs} 里没有 sRGB ICC 色彩配置文件（srgb.icc）。` }),
  'press-needs-gs': entry({ en: ({ why }: { why: string }) => `The press copy needs Ghostscript: ${why}`, zh: ({ why }) => `付印版需要 Ghostscript：${why}` }),
  'press-icc': entry({ en: ({ icc, content, gsDir }: { icc: string; content: string; gsDir: string }) => `press.icc: no ICC profile “${icc}” under ${content} nor among Ghostscript's (${gsDir}). Put the printer's CMYK profile under content/ (press/ISOcoated_v2.icc) and name it, or use default_cmyk.icc.`, zh: ({ icc, content, gsDir }) => `press.icc：${content} 下和 Ghostscript 自带的（${gsDir}）里都没有色彩配置文件“${icc}”。请把印刷厂的 CMYK 配置文件放到 content/ 下（如 press/ISOcoated_v2.icc）并写上它，或者用 default_cmyk.icc。` }),
  'press-gs-failed': entry({ en: ({ output, detail }: { output: string; detail: string }) => `Ghostscript could not write the press copy ${output}: ${detail}`, zh: ({ output, detail }) => `Ghostscript 没能写出付印版 ${output}：${detail}` }),
  'press-not-pdfx': entry({ en: ({ output, detail }: { output: string; detail: string }) => `Ghostscript did not write PDF/X for ${output}: ${detail}`, zh: ({ output, detail }) => `Ghostscript 没有为 ${output} 写出 PDF/X：${detail}` }),
  'browser-install': entry({ en: () => 'Install one: `apt-get install chromium` (Debian/Ubuntu), or `npx puppeteer browsers install chrome`, or point PUPPETEER_EXECUTABLE_PATH at a Chrome/Chromium binary.', zh: () => '请安装一个：`apt-get install chromium`（Debian/Ubuntu），或 `npx puppeteer browsers install chrome`，或者把 PUPPETEER_EXECUTABLE_PATH 指向 Chrome/Chromium 程序。' }),
  'browser-env-missing': entry({ en: ({ path, help }: { path: string; help: string }) => `PUPPETEER_EXECUTABLE_PATH is set to ${path}, but there is no such file. ${help}`, zh: ({ path, help }) => `PUPPETEER_EXECUTABLE_PATH 设成了 ${path}，可没有这个文件。${help}` }),
  'browser-fallback': entry({ en: ({ path }: { path: string }) => `printing with ${path}: the faster chromium-headless-shell is not installed (Debian: apt-get install chromium-headless-shell)`, zh: ({ path }) => `用 ${path} 印制：没有安装更快的 chromium-headless-shell（Debian：apt-get install chromium-headless-shell）` }),
  'browser-none': entry({ en: ({ places, help }: { places: string; help: string }) => `No Chromium or Chrome found to print PDFs with (looked in ${places} and Puppeteer's cache). ${help} Without one, \`--no-pdf\` builds the web edition alone.`, zh: ({ places, help }) => `找不到用来印 PDF 的 Chromium 或 Chrome（找过 ${places} 和 Puppeteer 的缓存）。${help}没有它时，加 \`--no-pdf\` 可以只生成网页版。` }),
  'browser-start': entry({ en: ({ path, error }: { path: string; error: string }) => `Could not start Chromium (${path}) to print PDFs: ${error}`, zh: ({ path, error }) => `没能启动 Chromium（${path}）来印 PDF：${error}` }),
  'print-epoch': entry({ en: ({ epoch }: { epoch: string }) => `SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${epoch}".`, zh: ({ epoch }) => `SOURCE_DATE_EPOCH 必须是自 1970 年起的整秒数，不能是“${epoch}”。` }),
  'print-date': entry({ en: ({ date }: { date: string }) => `Not a date for the PDF: "${date}".`, zh: ({ date }) => `“${date}”不能当 PDF 的日期。` }),
  'print-failed': entry({ en: ({ failed, total, list }: { failed: number; total: number; list: string }) => `${failed} of ${total} PDF${total === 1 ? '' : 's'} could not be printed:\n${list}`, zh: ({ failed, total, list }) => `${total} 个 PDF 里有 ${failed} 个没能印出来：\n${list}` }),
  'print-no-render': entry({ en: ({ name, n }: { name: string; n: number }) => `${name}: page numbers for ${n} ids were asked for, but the job has no render function to fill them in.`, zh: ({ name, n }) => `${name}：要填 ${n} 个页码，可这项印制任务没有填页码的函数。` }),
  'print-no-trim': entry({ en: ({ name }: { name: string }) => `${name}: bleed and crop marks need the trim size.`, zh: ({ name }) => `${name}：出血和裁切线需要成品尺寸。` }),
  'print-page-size': entry({ en: ({ name, page, width, height, expected }: { name: string; page: number; width: string; height: string; expected: string }) => `${name}: page ${page} is ${width} × ${height} mm, expected ${expected}. Check the @page size rules of the print CSS.`, zh: ({ name, page, width, height, expected }) => `${name}：第 ${page} 页是 ${width} × ${height} 毫米，应为 ${expected}。请检查印刷 CSS 里 @page 的 size 规则。` }),
  'print-thumbnail': entry({ en: ({ path }: { path: string }) => `the cover thumbnail of ${path} could not be drawn`, zh: ({ path }) => `${path} 的封面缩略图没能画出来` }),
  'print-within': entry({ en: ({ what, seconds }: { what: string; seconds: number }) => `${what} within ${seconds} s; build again, and report it if it happens again`, zh: ({ what, seconds }) => `${what}（${seconds} 秒内）；请再生成一次，再出现的话请报告` }),
  'print-unsettled': entry({ en: ({ name, passes, moved }: { name: string; passes: number; moved: string }) => `${name}: the table of contents does not settle — after ${passes} prints these still move: ${moved}. Make the page-number placeholders as wide as the numbers.`, zh: ({ name, passes, moved }) => `${name}：目录定不下来——印了 ${passes} 遍，这些还在变：${moved}。请让页码占位和数字一样宽。` }),
  'print-no-page': entry({ en: ({ name, ids, first }: { name: string; ids: string; first: string }) => `${name}: no page found for ${ids} — each needs an element with that id and a link (<a href="#${first}">) pointing at it.`, zh: ({ name, ids, first }) => `${name}：找不到 ${ids} 所在的页——每个都要有一个带这个 id 的元素，以及一个指向它的链接（<a href="#${first}">）。` }),
  'print-no-root': entry({ en: ({ root }: { root: string }) => `the build folder ${root} does not exist`, zh: ({ root }) => `生成文件夹 ${root} 不存在` }),
  'print-outside-root': entry({ en: ({ path, root }: { path: string; root: string }) => `the print document ${path} is not inside the build folder ${root}`, zh: ({ path, root }) => `印制文档 ${path} 不在生成文件夹 ${root} 里` }),
  'print-page-crashed': entry({ en: ({ error }: { error: string }) => `the page crashed while printing (${error})`, zh: ({ error }) => `印制时页面崩溃了（${error}）` }),
  'print-timeout': entry({ en: ({ time }: { time: string }) => `printing did not finish within ${time}`, zh: ({ time }) => `印制在 ${time} 内没有完成` }),
  'print-fonts': entry({ en: ({ faces, notes }: { faces: string; notes?: string }) => `font faces could not be loaded: ${faces}${notes ? ` (Chromium: ${notes})` : ''}`, zh: ({ faces, notes }) => `字体加载不了：${faces}${notes ? `（Chromium：${notes}）` : ''}` }),
  'print-missing': entry({ en: ({ files }: { files: string }) => `could not load: ${files}`, zh: ({ files }) => `加载不了：${files}` }),
  'print-crashed': entry({ en: ({ detail }: { detail?: string }) => `Chromium crashed or quit while printing${detail ? ` (${detail})` : ''}`, zh: ({ detail }) => `印制时 Chromium 崩溃或退出了${detail ? `（${detail}）` : ''}` }),
  'print-other': entry({ en: ({ detail }: { detail: string }) => `printing failed: ${detail}`, zh: ({ detail }) => `印制失败：${detail}` }),
  'print-retried': entry({
    en: ({ message, retries, timeout, time }: { message: string; retries: number; timeout: boolean; time: string }) => `${message} (${retries === 0 ? 'no retry' : `tried ${retries + 1} times, the last in a fresh browser`}).${timeout ? ` A very large document may need a longer print timeout (now ${time}).` : ' Check that Chromium runs on this machine (memory, /dev/shm).'}`,
    zh: ({ message, retries, timeout, time }) => `${message}（${retries === 0 ? '没有重试' : `试了 ${retries + 1} 次，最后一次用的是新开的浏览器`}）。${timeout ? `很大的文档可能需要更长的印制时限（现在是 ${time}）。` : '请检查 Chromium 能否在这台机器上运行（内存、/dev/shm）。'}`,
  }),
  'print-blocked': entry({ en: ({ list }: { list: string }) => `blocked requests outside the build folder: ${list}. A print document may load only files of the build (no http(s), no files elsewhere on disk): remove the reference, or save the file in the edition folder and refer to it by its relative path.`, zh: ({ list }) => `拦下了生成文件夹以外的请求：${list}。印制文档只能加载本次生成的文件（不能用 http(s)，也不能用磁盘上别处的文件）：请删掉这个引用，或者把文件存到这一期的文件夹里，用相对路径引用。` }),
  // serve/
  'serve-rebuilt': entry({
    en: ({ seconds, rebuilt, reused, changed, removed }: { seconds: string; rebuilt: string; reused: number; changed: number; removed: number }) => `rebuilt in ${seconds} s (${rebuilt ? `edition(s) ${rebuilt} rebuilt, ${reused} reused` : 'nothing to rebuild'}): ${changed} file(s) changed${removed ? `, ${removed} removed` : ''}`,
    zh: ({ seconds, rebuilt, reused, changed, removed }) => `重新生成用时 ${seconds} 秒（${rebuilt ? `生成 ${rebuilt}，沿用 ${reused} 期` : '没有要重新生成的'}）：${changed} 个文件有变化${removed ? `，删掉 ${removed} 个` : ''}`,
  }),
  'serve-user-error': entry({ en: ({ error }: { error: string }) => `daan serve: ${error}`, zh: ({ error }) => `daan serve：${error}` }),
  'serve-unexpected': entry({ en: ({ stack }: { stack: string }) => `daan serve: the build failed unexpectedly — ${stack}`, zh: ({ stack }) => `daan serve：生成意外失败——${stack}` }),
  'serve-failed': entry({ en: () => 'the build failed; the server goes on serving the last good build — fix the problems and save', zh: () => '生成失败；预览继续显示上一次成功的结果——改好问题后保存即可' }),
  'serve-changed': entry({
    en: ({ names, more, what }: { names: string; more: number; what: string }) => `changed: ${names}${more ? ` and ${more} more` : ''} (${what}) — rebuilding`,
    zh: ({ names, more, what }) => `有改动：${names}${more ? ` 等（另有 ${more} 个）` : ''}（${what}）——重新生成`,
  }),
  'serve-site-wide': entry({ en: () => 'site-wide', zh: () => '全站' }),
  'serve-editions': entry({ en: ({ ids }: { ids: string }) => `edition ${ids}`, zh: ({ ids }) => `${ids} 期` }),
  'serve-serving': entry({ en: ({ url }: { url: string }) => `serving ${url} (print preview: ${url}__print/; 公众号 view of an article: ${url}__wechat/<edition>/<slug>)`, zh: ({ url }) => `预览地址 ${url}（印刷预览：${url}__print/；文章的公众号版：${url}__wechat/<期号>/<slug>）` }),
  'serve-watching': entry({ en: ({ dirs }: { dirs: string[] }) => `watching ${dirs.join(' and ')}; press Ctrl+C to stop`, zh: ({ dirs }) => `正在监视 ${dirs.join(' 和 ')}；按 Ctrl+C 停止` }),
  'serve-internal': entry({
    en: ({ error }: { error: string }) => `internal error: ${error}`,
    zh: ({ error }) => `程序内部出错：${error}`,
    fix: { en: () => 'see the terminal for the stack trace, and report it with the change that caused it', zh: () => '在终端里查看详细信息，连同引起它的改动一起报告给维护的人' },
  }),
  'control-character-text': entry({
    en: ({ code }: { code: string }) => `Invisible control character U+${code} in the text`,
    zh: ({ code }) => `正文里有看不见的控制字符 U+${code}`,
    fix: {
      en: () => 'Delete it (it is often pasted in from Word or a web page: retype the characters around it). Only tabs and line breaks may stand in a text',
      zh: () => '删掉它（常是从 Word 或网页里粘贴进来的：把它前后的几个字重新输入一遍）。文字里只能有 Tab 和换行',
    },
  }),
  // import/ (Word documents)
  'docx-style': entry({
    en: ({ kind, style }: { kind: 'undefined' | 'paragraph' | 'run'; style: string; what?: string }) =>
      kind === 'undefined' ? `The document uses a ${style} style it does not define: those paragraphs became plain text` : kind === 'paragraph' ? `Paragraph style “${style}” is not one the importer knows: its paragraphs became plain paragraphs` : `Character style “${style}” is not one the importer knows: its text is kept, its formatting dropped`,
    zh: ({ kind, style }) => (kind === 'undefined' ? `文档用了一个没有定义的样式（${style}）：这些段落成了普通文字` : kind === 'paragraph' ? `导入工具不认识段落样式“${style}”：这些段落成了普通段落` : `导入工具不认识字符样式“${style}”：文字保留了，格式没有保留`),
    fix: {
      en: ({ kind, style }) => (kind === 'undefined' ? 'If they are headings or the title, check them in the article; saving the document again in Word usually repairs its styles' : kind === 'paragraph' ? `If “${style}” marks headings, give them Word's 标题 1/2/3 styles or number them (一、 （一）) and import again; otherwise nothing is lost` : 'Nothing to do unless the formatting carried meaning (bold is kept as bold)'),
      zh: ({ kind, style }) => (kind === 'undefined' ? '如果它们是标题或小标题，请在文章里核对；在 Word 里重新保存一次文档，通常能修好样式' : kind === 'paragraph' ? `如果“${style}”用来标小标题，请改用 Word 的“标题 1/2/3”样式，或者给它们编号（一、（一）），再导入一次；否则没有丢东西` : '除非格式本身有含义，否则不用管（加粗会保留）'),
    },
  }),
  'docx-dropped': entry({
    en: ({ kind, element }: { kind: 'object' | 'textbox' | 'other'; element: string }) => `The document has ${kind === 'object' ? 'an embedded object (an Excel sheet, an equation or a drawing)' : kind === 'textbox' ? 'a text box' : `a Word element (${element})`} that the importer cannot read: it is missing from the article`,
    zh: ({ kind, element }) => `文档里有导入工具读不了的${kind === 'object' ? '嵌入对象（Excel 表、公式或绘图）' : kind === 'textbox' ? '文本框' : ` Word 元素（${element}）`}：文章里缺了这部分`,
    fix: { en: () => 'Compare the article with the document; copy such content in as text, a table or a picture', zh: () => '把文章和文档对照一下；这样的内容请改成文字、表格或图片放进来' },
  }),
  'docx-read': entry({
    en: ({ detail }: { detail: string }) => `Part of the document could not be read: ${detail}`,
    zh: ({ detail }) => `文档有一部分读不了：${detail}`,
    fix: { en: () => 'Open the document in Word or WPS, save it again as .docx and import again', zh: () => '用 Word 或 WPS 打开文档，另存为 .docx，再导入一次' },
  }),
  'docx-converter': entry({
    en: ({ detail }: { detail: string }) => `The converter says: ${detail}`,
    zh: ({ detail }) => `转换工具提示：${detail}`,
    fix: { en: () => 'Compare that part of the article with the document', zh: () => '把文章的这一部分和文档对照一下' },
  }),
  'docx-revisions': entry({
    en: ({ insertions, deletions, moves }: { insertions: number; deletions: number; moves: number }) => `The document has tracked changes (修订): ${[`${insertions} insertion(s)`, `${deletions} deletion(s)`, moves ? `${moves} move(s)` : ''].filter(Boolean).join(', ')}. The article has the text as if every change were accepted: insertions kept, deletions left out`,
    zh: ({ insertions, deletions, moves }) => `文档里有修订：插入 ${insertions} 处、删除 ${deletions} 处${moves ? `、移动 ${moves} 处` : ''}。文章按全部接受修订处理：插入的保留，删除的去掉`,
    fix: {
      en: () => 'If some changes were not meant to be accepted, correct the article; better, ask the sender to accept or reject them (审阅 → 接受/拒绝) and send it again',
      zh: () => '如果有的修订不该接受，请改正文章；最好请作者先接受或拒绝修订（审阅 → 接受/拒绝）后重新发来',
    },
  }),
  'docx-comment': entry({
    en: ({ n, author, text }: { n: number; author?: string; text: string }) => `Comment ${n}${author ? ` by ${author}` : ''} (批注, not put in the article): ${text || '(empty)'}`,
    zh: ({ n, author, text }) => `第 ${n} 条批注${author ? `（${author}）` : ''}（没有放进文章）：${text || '（空）'}`,
    fix: { en: () => 'Read it and act on it in the article if needed', zh: () => '看一下，需要的话在文章里照改' },
  }),
  'docx-image-nested': entry({
    en: ({ where }: { where: string; dir: string }) => `The ${where} is inside a table, a list or a note, where a figure cannot stand: it was left out`,
    zh: ({ where }) => `${where}在表格、列表或注释里，那里放不了图：没有导入`,
    fix: { en: ({ dir }) => `Save it from Word (right-click → 另存为图片), put it in ${dir}/images/ and add it as a paragraph of its own: ![说明](images/…)`, zh: ({ dir }) => `在 Word 里把它存下来（右键 → 另存为图片），放进 ${dir}/images/，再单独成段写上：![说明](images/…)` },
  }),
  'docx-image-format': entry({
    en: ({ where, emf, type }: { where: string; emf: boolean; type: string; dir: string; name: string; caption?: string }) => `The ${where} is ${emf ? 'a Windows drawing (EMF/WMF)' : `a ${type} picture`}, which web browsers cannot show: it was left out of the article`,
    zh: ({ where, emf, type }) => `${where}是${emf ? 'Windows 绘图（EMF/WMF）' : ` ${type} 图片`}，网页浏览器显示不了：没有放进文章`,
    fix: {
      en: ({ dir, name, caption }) => `In Word, right-click it → 另存为图片 → PNG, save it as ${dir}/images/${name}, and put ![${caption ?? '图片说明'}](images/${name}) as a paragraph of its own where it belongs${caption ? ` (in place of the paragraph “${caption}” under it)` : ''}`,
      zh: ({ dir, name, caption }) => `在 Word 里右键它 → 另存为图片 → PNG，存为 ${dir}/images/${name}，再在它原来的位置单独成段写上 ![${caption ?? '图片说明'}](images/${name})${caption ? `（替换它下面那段“${caption}”）` : ''}`,
    },
  }),
  'docx-image-caption': entry({
    en: ({ where }: { where: string; path: string }) => `The ${where} has no caption (no “图1 …” line under it): its figure has none`,
    zh: ({ where }) => `${where}没有说明（下面没有“图1 ……”那一行）：导入后的图也就没有说明`,
    fix: { en: ({ path }) => `Write the caption in the alt text: ![瓦高村新貌](${path})`, zh: ({ path }) => `把说明写在方括号里：![瓦高村新貌](${path})` },
  }),
  'docx-picture': entry({ en: ({ n, near }: { n: number; near?: string }) => `picture ${n} of the document${near ? ` (near “${near}”)` : ''}`, zh: ({ n, near }) => `文档的第 ${n} 张图${near ? `（在“${near}”附近）` : ''}` }),
  'docx-too-large': entry({
    en: ({ size, max }: { size: string; max: string }) => `The document is ${size}; at most ${max} is imported`,
    zh: ({ size, max }) => `文档有 ${size}；最多只能导入 ${max}`,
    fix: { en: () => 'Make the pictures smaller in Word (图片格式 → 压缩图片), or send the pictures as separate files', zh: () => '在 Word 里把图片压小（图片格式 → 压缩图片），或者把图片单独发来' },
  }),
  'docx-encrypted': entry({
    en: ({ part }: { part?: string }) => (part ? `The part ${part} is encrypted` : 'The document is protected by a password (encrypted): it cannot be read'),
    zh: ({ part }) => (part ? `文档的 ${part} 部分加了密` : '文档设了密码（加了密）：读不了'),
    fix: {
      en: ({ part }) => (part ? 'Ask the sender for a copy without a password' : 'Ask the sender for a copy without a password, or open it in Word, remove the password (文件 → 信息 → 保护文档 → 用密码进行加密, clear it) and save'),
      zh: ({ part }) => (part ? '请作者发一份没有密码的' : '请作者发一份没有密码的；或者用 Word 打开，去掉密码（文件 → 信息 → 保护文档 → 用密码进行加密，清空）后保存'),
    },
  }),
  'docx-legacy': entry({
    en: ({ word }: { word: boolean }) => `The file is ${word ? 'a Word 97–2003 document (.doc)' : 'an old Office file (.doc, .xls or .wps), not a .docx'}; only .docx is imported`,
    zh: ({ word }) => `这个文件是${word ? ' Word 97–2003 文档（.doc）' : '旧版 Office 文件（.doc、.xls 或 .wps），不是 .docx'}；只能导入 .docx`,
    fix: { en: () => 'Open it in Word or WPS and save it as .docx: 文件 → 另存为 → Word 文档 (*.docx)', zh: () => '用 Word 或 WPS 打开，另存为 .docx：文件 → 另存为 → Word 文档 (*.docx)' },
  }),
  'docx-not-zip': entry({
    en: ({ kind }: { kind: 'rtf' | 'html' | 'pdf' | 'other' }) => `The file is ${({ rtf: 'an RTF document (saved as .doc or .docx)', html: 'a web page or Word XML saved as .doc', pdf: 'a PDF', other: 'not a Word document (a .docx is a zip; this file is not)' })[kind]}`,
    zh: ({ kind }) => `这个文件${({ rtf: '是 RTF 文档（存成了 .doc 或 .docx）', html: '是存成 .doc 的网页或 Word XML', pdf: '是 PDF', other: '不是 Word 文档（.docx 是 zip 压缩包，这个文件不是）' })[kind]}`,
    fix: { en: () => 'Open the original in Word or WPS and save it as .docx: 文件 → 另存为 → Word 文档 (*.docx)', zh: () => '用 Word 或 WPS 打开原稿，另存为 .docx：文件 → 另存为 → Word 文档 (*.docx)' },
  }),
  'docx-damaged': entry({
    en: ({ part, detail }: { part?: string; detail: string }) => (part ? `The part ${part} cannot be read: ${detail}` : `The document is damaged: ${detail}`),
    zh: ({ part, detail }) => (part ? `文档的 ${part} 部分读不了：${detail}` : `文档坏了：${detail}`),
    fix: {
      en: ({ part }) => (part ? 'Open the document in Word or WPS and save it again as .docx; if it still fails, do not open it' : 'Open it in Word or WPS and save it again as .docx'),
      zh: ({ part }) => (part ? '用 Word 或 WPS 打开文档，重新另存为 .docx；还不行的话，不要打开它' : '用 Word 或 WPS 打开，重新另存为 .docx'),
    },
  }),
  'docx-bomb': entry({
    en: ({ kind, part, parts, size, max, stored, ratio }: { kind: 'parts' | 'total' | 'part' | 'ratio'; part?: string; parts?: number; size?: string; max?: string; stored?: number; ratio?: number }) =>
      kind === 'parts' ? `The document has more than ${parts} parts; Word writes a few dozen` : kind === 'total' ? `The document would inflate to ${size}; at most ${max} is imported` : kind === 'part' ? `The part ${part} would inflate to ${size}; at most ${max} a part` : `The part ${part} stores ${stored} bytes that inflate to ${size} (${ratio}:1): a zip bomb, not a Word document`,
    zh: ({ kind, part, parts, size, max, stored, ratio }) =>
      kind === 'parts' ? `文档有超过 ${parts} 个部分；Word 文档一般只有几十个` : kind === 'total' ? `文档解压后会有 ${size}；最多只能导入 ${max}` : kind === 'part' ? `文档的 ${part} 部分解压后会有 ${size}；每部分最多 ${max}` : `文档的 ${part} 部分存了 ${stored} 字节，解压后却有 ${size}（${ratio}:1）：这是压缩炸弹，不是 Word 文档`,
    fix: { en: () => 'If the document is genuine, save the pictures smaller (图片格式 → 压缩图片) or split it; otherwise do not open it', zh: () => '如果文档是真的，请把图片压小（图片格式 → 压缩图片）或者拆开；否则不要打开它' },
  }),
  // import/ (pages and documents)
  'import-read': entry({
    en: ({ what, detail }: { what: 'document' | 'page'; detail: string }) => `Cannot read the ${what}: ${detail}`,
    zh: ({ what, detail }) => `读不了这个${what === 'page' ? '网页' : '文档'}：${detail}`,
    fix: { en: ({ what }) => (what === 'page' ? 'Check the path of the saved page' : 'Check the path of the .docx file'), zh: ({ what }) => (what === 'page' ? '检查保存的网页的路径' : '检查 .docx 文件的路径') },
  }),
  'docx-title': entry({
    en: () => 'The document does not start with a title: its first paragraph is a sentence',
    zh: () => '文档开头不是标题：第一段是一句正文',
    fix: { en: () => 'Put the article’s title on the first line of the document, alone, and import again', zh: () => '把文章标题单独写在文档第一行，再导入一次' },
  }),
  'import-exists': entry({
    en: ({ file, title, path }: { file?: string; title?: string; path?: string; force?: boolean }) => (path ? `${path} already exists; the import never overwrites` : `${file} already holds this article (${title})`),
    zh: ({ file, title, path }) => (path ? `${path} 已经存在；导入从不覆盖文件` : `${file} 里已经有这篇文章（${title}）`),
    fix: {
      en: ({ path, force }) => (force ? 'Pass --force to replace it (its order and cover stay)' : path ? 'Nothing was written. Move that file away, or rename it, and import again' : 'Nothing was written. Remove or rename that article first if this document replaces it'),
      zh: ({ path, force }) => (force ? '加 --force 替换它（它的顺序和封面设置不变）' : path ? '什么也没写。把那个文件移走或改名，再导入一次' : '什么也没写。如果这份文档要替换那篇文章，请先把它删掉或改名'),
    },
  }),
  'import-column-unknown': entry({
    en: ({ column, file, listed }: { column: string; file: string; listed: string }) => `--column ${column} is not a column of ${file} (${listed || 'none listed'}): add it to \`columns:\` there first, or pick one of those`,
    zh: ({ column, file, listed }) => `--column ${column} 不是 ${file} 里的栏目（${listed || '那里还没有栏目'}）：先把它加进那里的 \`columns:\`，或者改用其中一个`,
  }),
  'import-which-column': entry({
    en: ({ listed }: { listed: string }) => `Say which column the article goes in: --column followed by ${listed ? `one of ${listed}` : 'the column (栏目) the article belongs to'}`,
    zh: ({ listed }) => `请说明文章放在哪个栏目：--column 后面写${listed ? `其中一个：${listed}` : '文章所属的栏目'}`,
  }),
  'docx-dataset': entry({
    en: ({ table, title }: { table: number; title: string; path: string; name: string }) => `Table ${table} (${title}) is a table of figures: it stays a plain table in the article`,
    zh: ({ table, title }) => `表 ${table}（${title}）是数据表：在文章里仍是普通表格`,
    fix: {
      en: ({ path, name }) => `Import with --data to make it the data set ${path} with ::table{data=${name}} in its place, so that the text can quote its figures`,
      zh: ({ path, name }) => `导入时加 --data，它就会成为数据表 ${path}，原处换成 ::table{data=${name}}，正文也就能引用其中的数字`,
    },
  }),
  'import-column': entry({
    en: ({ column }: { column?: string }) => (column ? `Column ${column} of the imported page is not in the edition's columns` : 'The breadcrumb names no column (栏目)'),
    zh: ({ column }) => (column ? `导入的网页的栏目“${column}”不在这一期的栏目里` : '网页的导航路径里没有栏目'),
    fix: {
      en: ({ column }) => (column ? 'Add it to `columns:` where it belongs in the issue' : 'Save the page with its whole breadcrumb: 首页 > 杂志阅读>>《大安》2017年第9期>>栏目'),
      zh: ({ column }) => (column ? '把它加到 `columns:` 里它该在的位置' : '保存网页时带上完整的导航路径：首页 > 杂志阅读>>《大安》2017年第9期>>栏目'),
    },
  }),
  'import-edition': entry({
    en: ({ text, own, forced }: { text?: string; own?: string; forced?: string }) => (forced ? `The page is from ${text} (edition ${own}), but --edition says ${forced}` : 'The breadcrumb names no edition (《大安》2017年第9期)'),
    zh: ({ text, own, forced }) => (forced ? `这个网页出自${text}（${own}），可 --edition 写的是 ${forced}` : '网页的导航路径里没有期号（《大安》2017年第9期）'),
    fix: {
      en: ({ own, forced }) => (forced ? `Import it with --edition ${own}, or check that this is the page you meant` : 'Pass the edition: --edition 2017-09'),
      zh: ({ own, forced }) => (forced ? `用 --edition ${own} 导入，或者确认这是不是你要的网页` : '写上期号：--edition 2017-09'),
    },
  }),
  'import-duplicate': entry({
    en: ({ other, target }: { other: string; target: string }) => `This page and ${other} would both be ${target}`,
    zh: ({ other, target }) => `这个网页和 ${other} 都会成为 ${target}`,
    fix: { en: () => 'Import one of them; they are the same article', zh: () => '只导入其中一个；它们是同一篇文章' },
  }),
  'reading-file': entry({
    en: ({ detail }: { detail: string }) => `Cannot read the readings file: ${detail}`,
    zh: ({ detail }) => `读不了核对文件：${detail}`,
    fix: { en: () => 'Check the path given to --apply-readings', zh: () => '检查 --apply-readings 后面的路径' },
  }),
  'reading-unused': entry({
    en: ({ text, line }: { text: string; line?: number }) => `Reading of “${text}”${line ? ` on line ${line}` : ''} matches nothing in the imported page${line ? ' on that line' : 's'}`,
    zh: ({ text, line }) => `“${text}”的核对${line ? `（第${line}行）` : ''}在导入的网页${line ? '那一行' : ''}里找不到`,
    fix: { en: () => 'Copy the text exactly as the warning shows it, and check the line number', zh: () => '照警告里显示的原样复制文字，并核对行号' },
  }),
  'import-title': entry({
    en: () => 'No title between the breadcrumb and the 发布时间 line',
    zh: () => '导航路径和“发布时间”那一行之间没有标题',
    fix: { en: () => 'Save the whole article page, title included', zh: () => '保存整个文章网页，连标题一起' },
  }),
  'import-page': entry({
    en: ({ breadcrumb }: { breadcrumb: boolean }) => `Not a saved article page of the old site: ${breadcrumb ? 'no breadcrumb (首页 > 杂志阅读>>《大安》2017年第9期>>栏目)' : 'no 发布时间 line under the title'}`,
    zh: ({ breadcrumb }) => `这不是从旧网站保存的文章网页：${breadcrumb ? '没有导航路径（首页 > 杂志阅读>>《大安》2017年第9期>>栏目）' : '标题下面没有“发布时间”那一行'}`,
    fix: { en: () => 'Save the article page as it is shown (File → Save as, text or HTML), not an excerpt', zh: () => '按显示的样子保存整个文章网页（文件 → 另存为，文本或 HTML），不要只存一段' },
  }),
  'import-edition-flag': entry({ en: ({ value }: { value: string }) => `--edition "${value}" is not an edition: write the year and the number, e.g. --edition 2017-09 for 《大安》2017年第9期`, zh: ({ value }) => `--edition “${value}”不是期号：请写年份和期数，如 --edition 2017-09 就是《大安》2017年第9期` }),
  'punctuation-width': entry({
    en: ({ half }: { half: string; full: string }) => `Half-width ${half} in Chinese text`,
    zh: ({ half }) => `中文里用了半角的 ${half}`,
    fix: { en: ({ full }) => `Write the full-width ${full}`, zh: ({ full }) => `改成全角的 ${full}` },
  }),
  'docx-zip': entry({
    en: ({ detail }: { detail: string }) => `The document is damaged: its zip directory cannot be read (${detail})`,
    zh: ({ detail }) => `文档坏了：它的 zip 目录读不了（${detail}）`,
    fix: { en: () => 'Open it in Word or WPS and save it again as .docx (Word 文档)', zh: () => '用 Word 或 WPS 打开，重新另存为 .docx（Word 文档）' },
  }),
  'docx-parts': entry({
    en: ({ missing }: { missing: string[] }) => `The document lacks ${missing.join(' and ')}: it is a zip, but not a complete Word document`,
    zh: ({ missing }) => `文档缺少 ${missing.join(' 和 ')}：它是 zip 压缩包，但不是完整的 Word 文档`,
    fix: { en: () => 'Open it in Word or WPS and save it again as .docx (Word 文档)', zh: () => '用 Word 或 WPS 打开，重新另存为 .docx（Word 文档）' },
  }),
  'figure-reading': entry({
    en: ({ entry }: { entry?: string }) => (entry ? `If the printed magazine confirms it, add to the readings file (--apply-readings): ${entry}` : 'Check the figure against the printed magazine; record what it should read in the readings file (--apply-readings)'),
    zh: ({ entry }) => (entry ? `如果印刷版杂志上确实如此，就把这一条加进核对文件（--apply-readings）：${entry}` : '对照印刷版杂志核对这个数字；把正确的写法记进核对文件（--apply-readings）'),
  }),
  // import/lint-figures.ts: figures of an old page that lost a character
  'figure-headcount': entry({
    en: ({ found, population, line, proposal, perHousehold }: { found: string; population: string; line: number; proposal?: string; perHousehold?: string }) => `${found} is more people than the township's population (${population}, line ${line})${proposal ? `: 户 was probably lost — ${proposal}? (${perHousehold} per household)` : ''}`,
    zh: ({ found, population, line, proposal, perHousehold }) => `${found}比全镇人口还多（${population}，第${line}行）${proposal ? `：大概丢了“户”字——应是 ${proposal}？（每户 ${perHousehold} 人）` : ''}`,
  }),
  'figure-households': entry({
    en: ({ found, proposal, perHousehold, uncertain }: { found: string; proposal: string; perHousehold: string; uncertain: boolean }) => `${found} in a count of households: 户 may have been lost — ${proposal}? (${perHousehold} per household)${uncertain ? `, or ${found} as printed` : ''}`,
    zh: ({ found, proposal, perHousehold, uncertain }) => `户数里出现了 ${found}：可能丢了“户”字——应是 ${proposal}？（每户 ${perHousehold} 人）${uncertain ? `，也可能就是印出来的 ${found}` : ''}`,
  }),
  'figure-year-month': entry({ en: ({ found }: { found: string }) => `${found} runs a year and a month together: 年 was probably lost`, zh: ({ found }) => `${found} 把年和月连在了一起：大概丢了“年”字` }),
  'figure-price': entry({ en: ({ found, per }: { found: string; per: string }) => `${found} is a price per ${per} without its unit: 元 was probably lost`, zh: ({ found, per }) => `${found} 是每${per}的价格，却没有单位：大概丢了“元”字` }),
  'figure-measure-word': entry({
    en: ({ found, thing, measure }: { found: string; thing: string; measure?: string }) => `${found} counts ${thing} without a measure word${measure ? `: ${measure} was probably lost, as in the other counts of the sentence` : ' (次, 个, 项 …)'}`,
    zh: ({ found, thing, measure }) => `${found} 数${thing}却没有量词${measure ? `：大概丢了“${measure}”，同一句里别的数都有` : '（次、个、项……）'}`,
  }),
  'figure-unit': entry({ en: ({ found, symbol }: { found: string; symbol: string }) => `${found} is not a unit symbol: the unit is ${symbol}`, zh: ({ found, symbol }) => `${found} 不是单位符号：单位应写作 ${symbol}` }),
  'build-moved-url': entry({ en: ({ from, to }: { from: string; to: string }) => `moved ${from} → ${to}: the old address leads to the new one (a redirect page)`, zh: ({ from, to }) => `${from} 移到了 ${to}：旧地址会跳转到新地址（转向页）` }),
  'build-removed-url': entry({ en: ({ from, to }: { from: string; to: string }) => `${from} is gone from the content: its address now leads to ${to} with a note that the page was taken down (if it was removed by mistake, restore the file)`, zh: ({ from, to }) => `${from} 的稿件已不在了：这个地址今后转到 ${to}，并说明本页已撤下（如果是误删，把文件恢复即可）` }),
  'build-lost-url': entry({ en: ({ path }: { path: string }) => `warning: ${path} was published by the previous build and is gone, with no page to lead to`, zh: ({ path }) => `警告：${path} 上一次生成时发布过，现在没有了，也没有可以跳转去的页面` }),
  'verify-not-manifest': entry({ en: ({ file, detail }: { file: string; detail: string }) => `${file} is not a manifest of this tool (${detail}): give the manifest.json of an earlier build`, zh: ({ file, detail }) => `${file} 不是本工具的文件清单（${detail}）：请给出以前某次生成的 manifest.json` }),
  // --help (cli/) and the serve overlay (serve/client.ts)
  'help-main-title': entry({ en: () => 'daan — builds 《大安》 from content/ into out/', zh: () => 'daan——把 content/ 里的稿件生成《大安》，放到 out/' }),
  'help-main-usage': entry({ en: () => 'Usage: daan <command> [options]', zh: () => '用法：daan <命令> [选项]' }),
  'help-main-commands': entry({ en: () => 'Commands:', zh: () => '命令：' }),
  'help-main-more': entry({ en: () => 'Run `daan <command> --help` for the options of one command.', zh: () => '要看某个命令的选项，运行 `daan <命令> --help`。' }),
  'help-options': entry({ en: () => 'Options:', zh: () => '选项：' }),
  'help-content': entry({ en: () => 'the content folder (default: content)', zh: () => '稿件文件夹（默认：content）' }),
  'help-out': entry({ en: () => 'the output folder (default: out)', zh: () => '输出文件夹（默认：out）' }),
  'help-quiet': entry({ en: () => 'print only problems', zh: () => '只显示问题' }),
  'help-verbose': entry({ en: () => 'print every step', zh: () => '显示每一步' }),
  'help-lang': entry({ en: () => 'the language of messages (default: from LANG/LC_ALL; zh_CN.UTF-8 → Chinese)', zh: () => '提示语言（默认看 LANG/LC_ALL；zh_CN.UTF-8 即中文）' }),
  'help-help': entry({ en: () => 'show this help', zh: () => '显示本说明' }),
  'help-build': entry({ en: () => 'Build every edition in the content folder into the output folder (HTML and PDF).', zh: () => '把稿件文件夹里的每一期生成到输出文件夹（网页和 PDF）。' }),
  'help-build-no-pdf': entry({ en: () => 'skip printing PDFs (fast HTML-only build)', zh: () => '不印 PDF（只生成网页，较快）' }),
  'help-build-force': entry({ en: () => 'rebuild every edition (by default only editions whose inputs changed are rebuilt)', zh: () => '每一期都重新生成（默认只重新生成有改动的期）' }),
  'help-build-pdfa': entry({ en: () => 'also write daan-<edition>.pdfa.pdf, PDF/A-2b, with Ghostscript (drops the PDF tags)', zh: () => '另写一份 daan-<期>.pdfa.pdf（PDF/A-2b，用 Ghostscript 转换，不带 PDF 标签），供存档' }),
  'help-build-press': entry({ en: () => 'also write daan-<edition>-press.pdf for the print shop: PDF/X, CMYK, black text in K only, bleed, preflight (site.yaml press.enabled: always; --no-press: not this time)', zh: () => '另写一份给印刷厂的付印版 daan-<期>-press.pdf：PDF/X、CMYK、黑字只用 K 色、带出血、做印前检查（site.yaml 的 press.enabled：每次都印；--no-press：这次不印）' }),
  'help-build-allow-queries': entry({ en: () => 'print the press copy although editorial queries are open (daan check lists them)', zh: () => '编辑疑问还没答复也印付印版（daan check 会列出这些疑问）' }),
  'help-build-epub': entry({ en: () => 'also write daan-<edition>.epub, an EPUB 3 book for phones and e-readers (setting: outlets.epub)', zh: () => '另写一份 daan-<期>.epub，供手机和电子书阅读器看的 EPUB 3 电子书（设置项：outlets.epub）' }),
  'help-build-wechat': entry({ en: () => 'also write <edition>/wechat/<slug>.html, each article ready to paste into the 公众号 editor (setting: outlets.wechat)', zh: () => '另写 <期>/wechat/<文章>.html，每篇文章可直接粘贴进公众号编辑器（设置项：outlets.wechat）' }),
  'help-build-bleed': entry({ en: () => 'bleed for the press, e.g. 3mm: full-bleed pages extend past the trim, TrimBox/BleedBox set', zh: () => '付印的出血，如 3mm：满版的页面延伸到裁切线以外，并设好 TrimBox/BleedBox' }),
  'help-build-marks': entry({ en: () => 'draw crop marks outside the bleed on an enlarged MediaBox', zh: () => '在出血以外画裁切线（页面 MediaBox 相应放大）' }),
  'help-build-move-aside': entry({ en: () => 'the output folder holds files daan did not write: move it to <DIR>.moved-aside/ and build a fresh one\n(without it such a folder is refused; nothing daan did not write is ever deleted)', zh: () => '输出文件夹里有不是 daan 写的文件时：把它整个移到 <DIR>.moved-aside/，再重新生成\n（不加这个选项，这样的文件夹会被拒绝；不是 daan 写的文件一概不删）' }),
  'help-brief': entry({ en: () => 'Build one briefing (content/briefings/<id>.md) into out/briefings/<id>.pdf and .html, fast: no edition is printed, the rest of out/ is left as it is.', zh: () => '只生成一份简报（content/briefings/<id>.md），写成 out/briefings/<id>.pdf 和 .html，很快：不印任何一期，out/ 里其余的东西保持原样。' }),
  'help-brief-no-pdf': entry({ en: () => 'write only the HTML page', zh: () => '只写网页' }),
  'help-brief-id': entry({ en: () => 'the briefing: the name of its file in content/briefings/ without .md', zh: () => '哪一份简报：它在 content/briefings/ 里的文件名，不带 .md' }),
  'help-check': entry({ en: () => 'Check the content (settings, front matter, data, references, fonts, templates) without writing anything; list the open editorial queries.', zh: () => '检查稿件（设置、文章头信息、数据、引用、字体、模板），什么都不写；列出还没答复的编辑疑问。' }),
  'help-import': entry({ en: () => 'Import a Word submission (.docx) or saved pages of the old site (.txt or .html) as article Markdown, and report what to check.', zh: () => '把 Word 来稿（.docx）或旧网站存下来的网页（.txt 或 .html）导入成文章的 Markdown，并列出需要核对的地方。' }),
  'help-import-edition': entry({ en: () => 'the edition to import into, e.g. 2017-09 (default: the one the breadcrumb names);\na page whose breadcrumb names another edition is refused; required for .docx', zh: () => '导入到哪一期，如 2017-09（默认：网页导航里写的那一期）；\n导航写的是别的期的网页会被拒绝；导入 .docx 时必须写' }),
  'help-import-column': entry({ en: () => '.docx: the column the article goes in (default: the edition\'s only column)', zh: () => '.docx：文章放进哪个栏目（默认：这一期唯一的栏目）' }),
  'help-import-data': entry({ en: () => '.docx: write each table of figures as a data set (data/<name>.yaml) and put\n::table{data=…} in its place; without it the tables stay plain tables', zh: () => '.docx：把每张数字表写成数据集（data/<名称>.yaml），原处换成\n::table{data=…}；不加这个选项，表格保持为普通表格' }),
  'help-import-apply-readings': entry({ en: () => 'apply the readings of figures an editor confirmed (YAML list of\n{ text, reading, line?, note? }); they are recorded in the front matter', zh: () => '套用编辑确认过的数字读法（YAML 列表，每项\n{ text, reading, line?, note? }）；会记在文章头信息里' }),
  'help-import-force': entry({ en: () => 'saved pages: replace an article that is already in the edition (.docx never replaces)', zh: () => '存下来的网页：替换这一期里已有的同一篇文章（.docx 从不替换）' }),
  'help-import-dry-run': entry({ en: () => 'read and check the pages, write nothing', zh: () => '只读取和检查，什么都不写' }),
  'help-new': entry({ en: () => 'Create a new edition folder: edition.yaml (columns of the latest edition) and an example article.', zh: () => '新建一期的文件夹：edition.yaml（栏目沿用最近一期）和一篇示例文章。' }),
  'help-new-date': entry({ en: () => 'the issue date (default: the last day of the month of the number)', zh: () => '出刊日期（默认：期号那个月的最后一天）' }),
  'help-preflight': entry({ en: () => 'Check PDFs the way a print shop does (fonts, colour, image resolution, ink, lines, boxes, bleed, page count); default: every press copy in the output folder.', zh: () => '像印刷厂那样检查 PDF（字体、颜色、图片分辨率、总墨量、线条粗细、页面框、出血、页数）；默认检查输出文件夹里所有付印版。' }),
  'help-preflight-json': entry({ en: () => 'print the findings as JSON: [{ file, findings: [{ severity, rule, page, object, message }] }]', zh: () => '用 JSON 输出检查结果：[{ file, findings: [{ severity, rule, page, object, message }] }]' }),
  'help-preflight-reading': entry({ en: () => 'check as a reading copy (RGB allowed; no ink, bleed or page-count rules)', zh: () => '按阅读版检查（允许 RGB；不查总墨量、出血和页数）' }),
  'help-preflight-files': entry({ en: () => 'the files to check (default: every *-press.pdf under the output folder; those in briefings/ are single sheets, any page count)', zh: () => '要检查的文件（默认：输出文件夹里所有 *-press.pdf；briefings/ 里的是单张，页数不限）' }),
  'help-serve': entry({ en: () => 'Build, serve the output on 127.0.0.1, rebuild on every change and reload open pages (with a print preview).', zh: () => '生成并在 127.0.0.1 上预览，每次改动都重新生成并刷新打开的页面（带印刷预览）。' }),
  'help-serve-port': entry({ en: () => 'the port on 127.0.0.1 (default: 8017; 0: any free port)', zh: () => '127.0.0.1 上的端口（默认 8017；0：任选一个空闲端口）' }),
  'help-serve-no-pdf': entry({ en: () => 'do not print PDFs (faster rebuilds; the print preview then has nothing to show)', zh: () => '不印 PDF（重新生成更快；印刷预览就没有内容）' }),
  'help-verify': entry({ en: () => 'Check the output folder against its manifest (every file, size and sha256); with --rebuild, rebuild and compare byte for byte.', zh: () => '按文件清单核对输出文件夹（每个文件、大小和 sha256）；加 --rebuild 则重新生成并逐字节比对。' }),
  'help-verify-previous': entry({ en: () => 'the manifest.json of an earlier build: every page address it published must still\nresolve, to a page or to a redirect that leads to one', zh: () => '以前某次生成的 manifest.json：它发布过的每个网页地址现在都必须还能打开，\n打开的是网页本身或跳转到网页的转向页' }),
  'help-verify-rebuild': entry({ en: () => 'build the content again, from scratch and with the same options, into a temporary\nfolder and compare every file byte for byte (proves the build reproducible)', zh: () => '用同样的选项从头再生成一遍到临时文件夹，\n逐字节比对每个文件（证明生成结果可以重现）' }),
  'help-verify-keep': entry({ en: () => 'with --rebuild: build into DIR and keep it, to inspect the differences', zh: () => '与 --rebuild 一起用：生成到 DIR 并保留，便于查看差别' }),
  'overlay-close': entry({ en: () => 'close', zh: () => '关闭' }),
  'overlay-build-failed': entry({ en: () => 'build failed', zh: () => '生成失败' }),
  'overlay-last-good': entry({ en: () => 'The page shows the last good build; fix these problems and save, and the page reloads by itself.', zh: () => '页面仍是上一次成功生成的结果；改正下列问题并保存，页面会自动刷新。' }),
  'overlay-fix': entry({ en: () => 'fix:', zh: () => '改法：' }),
  'overlay-queries': entry({ en: () => 'open editorial queries', zh: () => '待核的编辑疑问' }),
  'overlay-building': entry({ en: () => 'building …', zh: () => '生成中……' }),
} satisfies Record<string, Entry<never>>;

export type MessageKey = keyof typeof catalogue;
type ValuesOf<K extends MessageKey> = Parameters<(typeof catalogue)[K]['en']>[0];
type ValuesArg<K extends MessageKey> = ValuesOf<K> extends undefined ? [] : [values: ValuesOf<K>];

/** The keys of the catalogue, for tests. */
export const messageKeys = Object.keys(catalogue) as MessageKey[];

/** An entry as stored, for tests. */
export function messageEntry(key: MessageKey): Entry<never> {
  return catalogue[key] as Entry<never>;
}

/** The message of `key` in the current language (or the one given). */
export function say<K extends MessageKey>(key: K, ...values: ValuesArg<K>): string {
  return sayIn(currentLanguage(), key, ...values);
}

export function sayIn<K extends MessageKey>(language: Language, key: K, ...values: ValuesArg<K>): string {
  return (catalogue[key][language] as Template<ValuesOf<K> | undefined>)(values[0]);
}

/** A problem's reason, its fix, and its key as rule id. */
export type Said = [reason: string, fix: string | undefined, ruleId: string];

/**
 * A problem's reason, fix and rule id (the key), to spread into problem(), Problems.add or a
 * warning builder: `problem(file, place, ...sayProblem('front-matter'))`.
 */
export function sayProblem<K extends MessageKey>(key: K, ...values: ValuesArg<K>): Said {
  const found: Entry<ValuesOf<K> | undefined> = catalogue[key] as never;
  const language = currentLanguage();
  return [found[language](values[0]), found.fix?.[language](values[0]), key];
}

/** What the names kept from slugs are for (check/outputs.ts RESERVED_SLUGS has them in English). */
const reservedZh: Record<string, string> = {
  index: '这一期的目录（index.html）',
  cover: '这一期的封面（cover.png）',
  images: '这一期的图片文件夹',
  search: '搜索页',
  pagefind: '搜索索引',
  assets: '网站的样式表和字体',
  archive: '往期页面',
  columns: '栏目页面',
  briefings: '简报',
  manifest: '本次生成的文件清单（manifest.json）',
  wechat: '公众号版',
  epub: '电子书版',
  press: '付印版',
};

function expectedEn(expected: string): string {
  return expected === 'string' ? 'a text' : `a ${expected}`;
}

function expectedZh(expected: string): string {
  return ({ string: '一段文字', number: '一个数字', boolean: '是或否（true 或 false）', array: '一个列表', object: '一组字段', date: '一个日期' } as Record<string, string>)[expected] ?? expected;
}

function yamlFixEn(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'Each field may appear once: remove or rename the second one';
    case 'TAB_AS_INDENT':
      return 'Indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'Check the indentation and that every `key: value` has its colon and a space';
    case 'TAG_RESOLVE_FAILED':
      return 'Custom YAML tags (!something) are not allowed; write the plain value';
    default:
      return 'Check the YAML syntax near this place (quote values that contain `: ` or start with a special character)';
  }
}

function yamlFixZh(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return '每个字段只能写一次：删掉第二个，或者给它换个名字';
    case 'TAB_AS_INDENT':
      return '用空格缩进，不要用 Tab';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return '检查缩进，并看看每个 `字段: 值` 是否都有冒号，冒号后面有空格';
    case 'TAG_RESOLVE_FAILED':
      return '不允许自定义 YAML 标签（!某某）；直接写值';
    default:
      return '检查这里附近的 YAML 写法（值里有 `: ` 或以特殊字符开头时，要加引号）';
  }
}

/** A problem's reason and fix as an object, for the checks that return them: `{ reason, fix }`. */
export function reasonAndFix([reason, fix]: Said): { reason: string; fix: string } {
  return { reason, fix: fix ?? '' };
}
