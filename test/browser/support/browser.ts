import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { en } from '../../../web/src/i18n/en.ts';
import { zhCN } from '../../../web/src/i18n/zh-CN.ts';

const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh browser profile (its own cookies) at laptop size, speaking the given language. */
export async function newUserContext(browser: Browser, baseURL: string, locale: 'en' | 'zh-CN' = 'en'): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 800 }, locale, timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Console errors and failed requests make a journey fail loudly instead of silently degrading. */
export function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Signs in after choosing Chinese on the sign-in page (a user without a saved language keeps that choice). */
export async function signInInChinese(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByText('中文', { exact: true }).click();
  await signIn(page, email, password);
}

/**
 * Everything a user perceives on the screen: rendered text plus placeholders, labels and titles.
 * Content marked translate="no" (names, subjects, messages: data, not interface) is left out.
 */
export async function collectVisibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const isData = (element: Element | null) => !!element?.closest('[translate="no"]');
    const isShown = (element: Element) => element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const parts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!text || !parent || isData(parent) || !isShown(parent)) continue;
      if (parent.closest('script,style,noscript')) continue;
      parts.push(text);
    }
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('[placeholder],[aria-label],[title]'))) {
      if (isData(element) || !isShown(element)) continue;
      // Icon glyphs are labelled with their icon's name by the component library ("left", "search"), not by us.
      if (element.getAttribute('role') === 'img' && element.classList.contains('anticon')) continue;
      for (const attribute of ['placeholder', 'aria-label', 'title']) {
        const value = element.getAttribute(attribute);
        if (value) parts.push(value);
      }
    }
    return parts.join('\n');
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The English catalogue texts found on a screen that is meant to be in Chinese. Texts identical in both
 * catalogues (names, symbols) and acronyms are not English leaks; templates are checked by their literal fragments.
 */
export function findEnglishStrings(text: string): string[] {
  const found = new Set<string>();
  // A value both catalogues share is shown as written in either language (a language's own name, "English", in the
  // language switcher), so it is no sign of a missing translation wherever it appears.
  const sharedByDesign = new Set<string>(Object.entries(en).filter(([key, value]) => zhCN[key as keyof typeof zhCN] === value).map(([, value]) => value));
  for (const [key, value] of Object.entries(en) as [keyof typeof en, string][]) {
    if (sharedByDesign.has(value)) continue;
    const fragments = value.includes('{') ? value.split(/\{\w+\}/).map((part) => part.trim()).filter((part) => part.length >= 4) : [value];
    for (const fragment of fragments) {
      // Acronyms (SLA, API, P1) are written the same way in Chinese text.
      if (fragment.length <= 2 || !/[a-z]/.test(fragment)) continue;
      const pattern = new RegExp(`(^|[^A-Za-z])${escapeRegExp(fragment)}([^A-Za-z]|$)`);
      if (pattern.test(text)) found.add(`${key}: ${fragment}`);
    }
  }
  return [...found];
}

/** A new tab that leaves a screenshot in test-artifacts/ if the running test fails. */
export async function openPage(context: BrowserContext, name: string): Promise<Page> {
  const page = await context.newPage();
  onTestFailed(async () => {
    await screenshot(page, `FAILED-${name}`).catch(() => undefined);
  });
  return page;
}
