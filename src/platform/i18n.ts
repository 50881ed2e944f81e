export const SUPPORTED_LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

type Catalog = Record<string, string>;
const catalogs: Record<Locale, Catalog> = { en: {}, 'zh-CN': {} };

/**
 * Each module registers its own server-side messages (errors, notifications, templates) once at import.
 * Keys are namespaced by module: `tickets.transition_not_allowed`.
 */
export function registerMessages(messages: Record<Locale, Catalog>): void {
  for (const locale of SUPPORTED_LOCALES) {
    for (const [key, text] of Object.entries(messages[locale])) {
      if (catalogs[locale][key] !== undefined && catalogs[locale][key] !== text) {
        throw new Error(`i18n key registered twice with different text: ${locale}:${key}`);
      }
      catalogs[locale][key] = text;
    }
  }
}

export function hasMessage(locale: Locale, key: string): boolean {
  return catalogs[locale][key] !== undefined;
}

export function allMessageKeys(locale: Locale): string[] {
  return Object.keys(catalogs[locale]);
}

/** Looks the key up in the locale, then English, then returns the key itself; `{name}` placeholders are filled. */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = catalogs[locale][key] ?? catalogs.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header (`zh`, `zh-CN`, `zh-Hans` → zh-CN). */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...attrs] = part.trim().split(';');
      const quality = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
      return { tag: tag.toLowerCase(), q: quality ? Number(quality.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return undefined;
}
