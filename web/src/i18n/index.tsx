import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey } from './en.ts';
export const UI_LOCALES = ['zh-CN', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export const catalogs: Record<UiLocale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export function isUiLocale(value: unknown): value is UiLocale {
  return value === 'en' || value === 'zh-CN';
}

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing parameter is noticed. */
export function formatMessage(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(locale: UiLocale, key: MessageKey, params?: MessageParams): string {
  return formatMessage(catalogs[locale][key] ?? en[key] ?? key, params);
}

const LocaleContext = createContext<UiLocale>('en');

export function I18nProvider({ locale, children }: { locale: UiLocale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): UiLocale {
  return useContext(LocaleContext);
}

export function useT(): Translate {
  const locale = useContext(LocaleContext);
  return useCallback((key: MessageKey, params?: MessageParams) => translate(locale, key, params), [locale]);
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
