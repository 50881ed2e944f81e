import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { detectBrowserLocale, I18nProvider, isUiLocale, useT, type UiLocale } from '../i18n/index.tsx';
import { setApiLocale } from './api/client.ts';

export type ThemeMode = 'light' | 'dark';

interface Preferences {
  locale: UiLocale;
  /** Whether someone picked the language on this browser (it then beats the workspace default). */
  isLocaleChosenHere: boolean;
  theme: ThemeMode;
  setLocale(locale: UiLocale): void;
  setTheme(theme: ThemeMode): void;
}

const PreferencesContext = createContext<Preferences | undefined>(undefined);
const LOCALE_KEY = 'kefu.locale';
const THEME_KEY = 'kefu.theme';

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: the server copy (PATCH /me) still remembers it.
  }
}

function initialLocale(): UiLocale {
  const stored = readStored(LOCALE_KEY);
  return isUiLocale(stored) ? stored : detectBrowserLocale(navigator.languages ?? [navigator.language]);
}

function initialTheme(): ThemeMode {
  const stored = readStored(THEME_KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function applyLocale(locale: UiLocale): void {
  setApiLocale(locale);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
}

/**
 * Language and theme for this browser. The signed-in user's saved choice (from /me) overrides them;
 * changing them is saved on the server by the session layer.
 */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<UiLocale>(() => {
    const value = initialLocale();
    applyLocale(value);
    return value;
  });
  const [theme, setThemeState] = useState<ThemeMode>(initialTheme);

  const setLocale = useCallback((next: UiLocale) => {
    applyLocale(next);
    store(LOCALE_KEY, next);
    setLocaleState(next);
  }, []);
  const setTheme = useCallback((next: ThemeMode) => {
    store(THEME_KEY, next);
    setThemeState(next);
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  const value = useMemo(() => ({ locale, isLocaleChosenHere: isUiLocale(readStored(LOCALE_KEY)), theme, setLocale, setTheme }), [locale, theme, setLocale, setTheme]);
  return (
    <PreferencesContext.Provider value={value}>
      <I18nProvider locale={locale}>{children}</I18nProvider>
    </PreferencesContext.Provider>
  );
}

export function usePreferences(): Preferences {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}

/** The UI languages for a picker, each named in its own language. */
export function useLocaleOptions(): { value: UiLocale; label: string }[] {
  const t = useT();
  return [
    { value: 'zh-CN', label: t('name.languageZh') },
    { value: 'en', label: t('name.languageEn') },
  ];
}
