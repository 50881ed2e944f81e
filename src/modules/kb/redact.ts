/**
 * Removes a customer's personal data from text that goes into the case library: e-mail addresses, phone numbers,
 * ID-card and bank-card numbers, order and tracking numbers, and the names the caller knows (the customer's,
 * agents'), plus Chinese forms of address (张先生, 李女士). Each is replaced by a marker in the case's language,
 * so the case still reads naturally. Pure: the names come from the caller.
 */
import type { KbLocale } from '../../contracts/kb.ts';

export type RedactionKind = 'email' | 'phone' | 'id' | 'order' | 'name';

const MARKERS: Record<KbLocale, Record<RedactionKind, string>> = {
  'zh-CN': { email: '[邮箱]', phone: '[电话]', id: '[证件号]', order: '[订单号]', name: '[客户]' },
  en: { email: '[email]', phone: '[phone]', id: '[ID number]', order: '[order number]', name: '[customer]' },
};

// Order matters: e-mails before anything numeric inside them, ID cards (18 characters) before long digit runs.
const PATTERNS: [RedactionKind, RegExp][] = [
  ['email', /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu],
  // An order, waybill or reference number after its label (订单号：…, order #…), whatever its form.
  ['order', /((?:订单|运单|快递单|物流单|单号|order|tracking|waybill|ref(?:erence)?)(?:\s*(?:号|编号|number|no\.?|#))?\s*[:：#]?\s*)([A-Za-z0-9][A-Za-z0-9-]{4,})/giu],
  // Mainland ID cards: 17 digits and a digit or X.
  ['id', /(?<![\p{N}A-Za-z])\d{17}[\dXx](?![\p{N}A-Za-z])/gu],
  // Mobile numbers with or without +86 and separators (139 1234 5678, 139-1234-5678), and landlines (010-12345678).
  ['phone', /(?<![\p{N}])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![\p{N}])/gu],
  ['phone', /(?<![\p{N}])0\d{2,3}[\s-]\d{7,8}(?![\p{N}])/gu],
  ['phone', /\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}/gu],
  // Anything else that looks like an identifier: letters and digits mixed, or long digit runs (cards, orders).
  ['order', /(?<![\p{L}\p{N}])(?=[A-Za-z-]*\d)(?=\d*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]{7,}(?![\p{L}\p{N}])/gu],
  ['order', /(?<![\p{N}])\d{8,}(?![\p{N}])/gu],
];

/** 张先生, 王女士, 李小姐: a surname followed by a form of address. */
const CHINESE_ADDRESS = /(?<![\p{Script=Han}])[\p{Script=Han}]{1,2}(先生|女士|小姐|老师|经理)/gu;

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface RedactionResult {
  text: string;
  /** How many of each kind were masked (shown to the person creating the case). */
  counts: Partial<Record<RedactionKind, number>>;
}

export function redactPersonalData(input: string, options: { locale: KbLocale; names?: readonly string[] }): RedactionResult {
  const markers = MARKERS[options.locale];
  const counts: Partial<Record<RedactionKind, number>> = {};
  const count = (kind: RedactionKind) => {
    counts[kind] = (counts[kind] ?? 0) + 1;
  };
  let text = input;
  // Longer names first, so "Zhang Wei" is masked whole before "Zhang".
  const names = [...new Set((options.names ?? []).map((name) => name.trim()).filter((name) => name.length >= 2))].sort((a, b) => b.length - a.length);
  for (const name of names) {
    const pattern = new RegExp(/^[\p{Script=Han}]/u.test(name) ? escapeRegExp(name) : `(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'giu');
    text = text.replace(pattern, () => {
      count('name');
      return markers.name;
    });
  }
  for (const [kind, pattern] of PATTERNS) {
    text = text.replace(pattern, (match: string, label?: string) => {
      count(kind);
      // The labelled pattern keeps its label: "订单号：[订单号]" reads worse than "订单号 [订单号]", but keeps the sentence.
      return kind === 'order' && typeof label === 'string' && label.length > 0 && match.startsWith(label) ? `${label}${markers[kind]}` : markers[kind];
    });
  }
  text = text.replace(CHINESE_ADDRESS, () => {
    count('name');
    return markers.name;
  });
  return { text, counts };
}
