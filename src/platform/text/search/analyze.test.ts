import { describe, expect, it } from 'vitest';
import { analyzePrepared, analyzeText, kindOfTerm, prepareText } from './analyze.ts';

const termsOf = (text: string) => analyzeText(text).terms;

describe('analyzeText', () => {
  it.each([
    // Chinese: single characters (less stop characters), overlapping pairs and their sounds.
    ['退货', ['1:退', '2:退货', 'p:tui huo', '1:货', '=退换货']],
    // A homophone typo has its own characters but the sound of the word meant.
    ['快第', ['1:快', '2:快第', 'p:kuai di', '1:第']],
    ['快递', ['快递', '1:快', '2:快递', 'p:kuai di', '1:递', '=快递']],
    // Traditional characters and full-width letters are folded first.
    ['退貨 ＲＥＦＵＮＤ', ['refund', '1:退', '2:退货', 'p:tui huo', '1:货', '=退换货', '=refund']],
    // English: stems without stop words; contractions and abbreviations are spelt out first.
    ["I can't log in to my acct", ['not', 'log', 'account', '=log in']],
    ['Refunded orders', ['refund', 'order', '=refund', '=purchase']],
  ])('%s', (text, terms) => {
    expect(termsOf(text)).toEqual(terms);
  });

  it.each([
    // Colloquial spellings are rewritten before terms are made: 咋 → 怎么.
    ['咋退款', '怎么退款'],
    ['啥时候发货', '什么时候发货'],
    ['登陆不了', '登录不了'],
    // "Cannot" as a potential complement reads as the written 无法 form.
    ['手机开不了机', '手机无法开机'],
    ['蓝牙连不上', '蓝牙无法连接'],
    ['优惠卷', '优惠券'],
    ["doesn't work", 'does not work'],
    ['dont work', 'do not work'],
  ])('%s reads as %s', (colloquial, standard) => {
    expect(termsOf(colloquial)).toEqual(termsOf(standard));
  });

  it.each([
    ['开不了机', '无法开机'],
    ['退钱', '退款'],
    ['sign in', 'log in'],
    ['erase', 'delete'],
    ['破损', '坏了'],
  ])('%s and %s share the synonym group term', (a, b) => {
    const concepts = (text: string) => termsOf(text).filter((term) => kindOfTerm(term) === 'concept');
    expect(concepts(a).length).toBeGreaterThan(0);
    expect(concepts(a)).toEqual(concepts(b));
  });

  it.each([
    // Question words and adverbs leave a gap: no terms of their own, and no pairs across them.
    ['退货在哪里申请', ['申请', '1:退', '2:退货', 'p:tui huo', '1:货', '1:申', '2:申请', 'p:sen qin', '=退换货']],
    ['已经付款', ['付款', '1:付', '2:付款', 'p:fu kuan', '1:款', '=付款']],
    ['怎么办', []],
  ])('function words in %s give no terms', (text, terms) => {
    expect(termsOf(text)).toEqual(terms);
  });

  it('keeps function words for classification', () => {
    const prepared = prepareText('为什么扣款');
    expect(analyzePrepared(prepared, { keepFunctionWords: true }).terms).toContain('2:什么');
    expect(analyzePrepared(prepared).terms).not.toContain('2:什么');
  });

  it.each([
    // A homophone typo inside a synonym of three characters or more still names its concept (冲 chong for 充).
    ['手机冲电没反应', '=充不进电', true],
    ['开机没反映', '=无法开机', true],
    // Two-character members are matched only as written: 全 (quan) is not 券.
    ['全部', '=优惠券', false],
  ])('%s names %s: %s', (text, concept, expected) => {
    expect(termsOf(text).includes(concept)).toBe(expected);
  });

  it('counts a concept once per text however many of its members appear', () => {
    expect(termsOf('退款 退钱 退费').filter((term) => term === '=退款')).toHaveLength(1);
  });

  it('keeps the Latin words as typed for query expansion', () => {
    expect(analyzeText('How do I use git hub?').latinWords).toEqual(['how', 'do', 'i', 'use', 'git', 'hub']);
  });

  it('reads only the first maxChars characters', () => {
    expect(analyzeText('refund '.repeat(100), 14).terms.filter((term) => term === 'refund')).toHaveLength(2);
  });

  it.each([
    ['refund', 'word'],
    ['2:退货', 'pair'],
    ['1:退', 'char'],
    ['p:tui huo', 'sound'],
    ['=退款', 'concept'],
    ['=', 'word'],
  ])('kind of %s is %s', (term, kind) => {
    expect(kindOfTerm(term)).toBe(kind);
  });
});
