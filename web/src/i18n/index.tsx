import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { MessageKey } from './en.ts';

export type { MessageKey } from './en.ts';
export const UI_LOCALES = ['zh-CN', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;
export type Catalog = Record<MessageKey, string>;

// Each language is its own chunk: a browser downloads only the catalogue it shows (both together weigh ~40 KB gzip).
const catalogLoaders: Record<UiLocale, () => Promise<Catalog>> = {
  en: () => import('./en.ts').then((module) => module.en),
  'zh-CN': () => import('./zh-CN.ts').then((module) => module.zhCN),
};
const loadedCatalogs = new Map<UiLocale, Catalog>();

export async function loadCatalog(locale: UiLocale): Promise<Catalog> {
  const loaded = loadedCatalogs.get(locale);
  if (loaded) return loaded;
  const catalog = await catalogLoaders[locale]();
  loadedCatalogs.set(locale, catalog);
  return catalog;
}

export function isUiLocale(value: unknown): value is UiLocale {
  return value === 'en' || value === 'zh-CN';
}

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing parameter is noticed. */
export function formatMessage(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(catalog: Catalog, key: MessageKey, params?: MessageParams): string {
  return formatMessage(catalog[key] ?? key, params);
}

const LocaleContext = createContext<UiLocale>('en');
const CatalogContext = createContext<Catalog | undefined>(undefined);

/**
 * Provides the language and its catalogue. Nothing below renders before the first catalogue has arrived; on a
 * language switch the previous one stays on screen until the new one is there, so no key ever shows raw.
 */
export function I18nProvider({ locale, children }: { locale: UiLocale; children: ReactNode }) {
  const [shown, setShown] = useState<{ locale: UiLocale; catalog: Catalog } | undefined>(() => {
    const catalog = loadedCatalogs.get(locale);
    return catalog ? { locale, catalog } : undefined;
  });
  useEffect(() => {
    let current = true;
    void loadCatalog(locale).then((catalog) => {
      if (current) setShown({ locale, catalog });
    });
    return () => {
      current = false;
    };
  }, [locale]);
  if (!shown) return null;
  return (
    <LocaleContext.Provider value={shown.locale}>
      <CatalogContext.Provider value={shown.catalog}>{children}</CatalogContext.Provider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): UiLocale {
  return useContext(LocaleContext);
}

export function useT(): Translate {
  const catalog = useContext(CatalogContext);
  if (!catalog) throw new Error('useT outside I18nProvider');
  return useCallback((key: MessageKey, params?: MessageParams) => translate(catalog, key, params), [catalog]);
}

/** The best UI locale for a browser before anyone has signed in. */
export function detectBrowserLocale(languages: readonly string[]): UiLocale {
  for (const language of languages) {
    const tag = language.toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
