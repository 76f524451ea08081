/**
 * The language of messages: English by default, Chinese (`zh`) for the editors. The CLI decides it
 * once (--lang, else the locale) and records it in DAAN_LANG, so that worker threads and child
 * processes of the same build speak it too; a library caller that sets nothing gets English.
 */
export type Language = 'en' | 'zh';

export const languages: readonly Language[] = ['en', 'zh'];

/** The language of this process: DAAN_LANG as the CLI set it, else English. */
export function currentLanguage(): Language {
  return process.env.DAAN_LANG === 'zh' ? 'zh' : 'en';
}

export function setLanguage(language: Language): void {
  process.env.DAAN_LANG = language;
}

/**
 * The language a `daan` command speaks: `--lang zh|en` when given, else DAAN_LANG (zh or en) when
 * set, else the locale — LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them (zh_CN.UTF-8,
 * zh_TW, zh → Chinese; anything else → English). Undefined for a --lang value it does not know.
 */
export function languageOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Language | undefined {
  if (flag !== undefined) return named(flag);
  const chosen = env.DAAN_LANG ? named(env.DAAN_LANG) : undefined;
  if (chosen) return chosen;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh([_.@-]|$)/i.test(locale) ? 'zh' : 'en';
}

function named(value: string): Language | undefined {
  const wanted = value.toLowerCase();
  return /^zh([_-]|$)/.test(wanted) ? 'zh' : /^en([_-]|$)/.test(wanted) ? 'en' : undefined;
}
