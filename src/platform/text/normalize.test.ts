import { describe, expect, it } from 'vitest';
import { foldTraditional, normalizeText, removeLoneSurrogates, toHalfWidth } from './normalize.ts';
import { TRADITIONAL_SIMPLIFIED_ENTRIES, TRADITIONAL_TO_SIMPLIFIED } from './traditional-simplified.ts';
import { loadZhFaq } from './zh-faq.testing.ts';

describe('the traditional → simplified table', () => {
  it('holds pairs of two distinct characters, each traditional character once, and folds in one pass', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const entry of TRADITIONAL_SIMPLIFIED_ENTRIES) {
      const chars = [...entry];
      if (chars.length !== 2 || chars[0] === chars[1]) problems.push(`bad pair ${entry}`);
      if (seen.has(chars[0]!)) problems.push(`duplicate ${entry}`);
      seen.add(chars[0]!);
    }
    for (const [from, to] of TRADITIONAL_TO_SIMPLIFIED) if (TRADITIONAL_TO_SIMPLIFIED.has(to)) problems.push(`${from}→${to} is folded again`);
    expect(problems).toEqual([]);
    expect(TRADITIONAL_TO_SIMPLIFIED.size).toBeGreaterThan(500);
  });
});

describe('foldTraditional', () => {
  it.each([
    ['退貨要自己出運費嗎', '退货要自己出运费吗'],
    ['賬號被凍結了怎麼解封', '账号被冻结了怎么解封'],
    ['帳號被盜了', '账号被盗了'],
    ['帐号', '账号'],
    ['頭髮 發現 後來 乾淨 幹活', '头发 发现 后来 干净 干活'],
    ['臺灣 檯燈 颱風', '台湾 台灯 台风'],
    ['物流信息超过3天未更新', '物流信息超过3天未更新'],
    ['Refund 退款', 'Refund 退款'],
  ])('%s → %s', (text, folded) => {
    expect(foldTraditional(text)).toBe(folded);
  });
});

describe('toHalfWidth', () => {
  it.each([
    ['ＡＢＣ１２３', 'ABC123'],
    ['订单ＩＤ：７７２０', '订单ID:7720'],
    ['１２：３０\u3000送到！', '12:30 送到!'],
    ['～', '~'],
    ['已经是 half width', '已经是 half width'],
  ])('%s → %s', (text, half) => {
    expect(toHalfWidth(text)).toBe(half);
  });
});

describe('normalizeText', () => {
  it.each([
    ['ＡＢＣ全角', 'abc全角'],
    ['APP老是自己退出來', 'app老是自己退出来'],
    ['Ｌ号 ＸＬ号', 'l号 xl号'],
    ['ﬁle ①', 'file 1'],
    ['bad\ud800text', 'badtext'],
    ['\udc00', ''],
    ['😀 emoji', '😀 emoji'],
  ])('%s → %s', (text, normalized) => {
    expect(normalizeText(text)).toBe(normalized);
  });

  it('keeps whole surrogate pairs and drops lone halves', () => {
    expect(removeLoneSurrogates('a\ud83d\ude00b\ud83dc')).toBe('a\ud83d\ude00bc');
  });
});

const zhFaq = loadZhFaq();

describe.skipIf(!zhFaq)('zh-faq dev queries (../shared/data/zh-faq)', () => {
  it.each([
    // Each a dev query typed in traditional characters, and the same question in simplified ones.
    ['網點說我的件找不到了，要怎麼處理', '网点说我的件找不到了，要怎么处理'],
    ['外賣怎麼還沒到，都超時二十分鐘了', '外卖怎么还没到，都超时二十分钟了'],
    ['預售的東西說月底發，現在還沒動靜', '预售的东西说月底发，现在还没动静'],
    ['會員剛開通就後悔了，錢能退嗎', '会员刚开通就后悔了，钱能退吗'],
    ['系統更新失敗 手機一直重啟', '系统更新失败 手机一直重启'],
    ['我們公司要開專票，需要準備什麼', '我们公司要开专票，需要准备什么'],
    ['邀請朋友的獎勵怎麼還沒到', '邀请朋友的奖励怎么还没到'],
  ])('%s reads as %s', (traditional, simplified) => {
    expect(zhFaq!.queries.some((q) => q.query === traditional)).toBe(true);
    expect(normalizeText(traditional)).toBe(normalizeText(simplified));
  });

  it('leaves no character of the table in any dev query and changes no FAQ question, which are simplified', () => {
    for (const { query } of zhFaq!.queries) {
      expect([...normalizeText(query)].filter((char) => TRADITIONAL_TO_SIMPLIFIED.has(char))).toEqual([]);
    }
    for (const { question } of zhFaq!.faqs) expect(foldTraditional(question)).toBe(question);
  });
});
