import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { detectBrowserLocale, formatMessage } from './index.tsx';
import { zhCN } from './zh-CN.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogue', () => {
  it('has the same keys in en and zh-CN', () => {
    const enKeys = Object.keys(en).sort();
    const zhKeys = Object.keys(zhCN).sort();
    expect(zhKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
    expect(enKeys.filter((key) => !zhKeys.includes(key))).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, params: placeholders(zhCN[key]) }).toEqual({ key, params: placeholders(en[key]) });
    }
  });

  it('has no empty message', () => {
    for (const [key, text] of [...Object.entries(en), ...Object.entries(zhCN)]) expect({ key, text: text.trim() === '' }).toEqual({ key, text: false });
  });

  it('translates every message with words in it, except names (keys under name.)', () => {
    const untranslated = Object.keys(en).filter((key) => {
      const value = en[key as keyof typeof en];
      return !key.startsWith('name.') && value === zhCN[key as keyof typeof en] && /[a-z]{3,}/.test(value.replace(/\{\w+\}/g, ''));
    });
    expect(untranslated).toEqual([]);
  });

  it('formats placeholders and keeps unknown ones visible', () => {
    expect(formatMessage('{count} tickets', { count: 3 })).toBe('3 tickets');
    expect(formatMessage('{a}-{b}', { a: 1 })).toBe('1-{b}');
  });

  it('picks zh-CN for any Chinese browser language', () => {
    expect(detectBrowserLocale(['zh-TW'])).toBe('zh-CN');
    expect(detectBrowserLocale(['en-US', 'zh-CN'])).toBe('en');
    expect(detectBrowserLocale(['fr'])).toBe('zh-CN');
  });
});
