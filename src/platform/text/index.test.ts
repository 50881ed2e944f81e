import { describe, expect, it } from 'vitest';
import { buildSearchDocument, buildSearchQuery, segmentTerms } from './index.ts';
import { segmentWords } from './segment.ts';
import { loadZhFaq } from './zh-faq.testing.ts';

describe('segmentTerms', () => {
  it.each([
    ['物流信息超过3天未更新', ['物流', '信息', '超过', '3', '天', '未', '更新']],
    ['Refund not received', ['refund', 'not', 'receiv']],
    ['Running tickets refunded policies', ['run', 'ticket', 'refund', 'polici']],
    ['我的订单ABC123还没到', ['我的', '订单', 'abc123', '还', '没', '到']],
    ['退款 refund，谢谢!', ['退款', 'refund', '谢谢']],
    ['foo@bar.com 139-1234-5678', ['foo', 'bar', 'com', '139', '1234', '5678']],
    ['ＡＢＣ全角', ['abc', '全角']],
    ['订单ＩＤ ２０２４０６１１', ['订单', 'id', '20240611']],
    ['藍牙耳機一直連不上', ['蓝牙', '耳机', '一直', '连不上']],
    ["O'Neil's order", ['o', 'neil', 's', 'order']],
    ['   ', []],
    ['bad\ud800text 物流', ['badtext', '物流']],
    ['!!! ??? ...', []],
  ])('%s', (text, expected) => {
    expect(segmentTerms(text)).toEqual(expected);
  });

  it('drops absurdly long terms and caps the text length', () => {
    expect(segmentTerms(`${'x'.repeat(500)} ok`)).toEqual(['ok']);
    expect(segmentTerms('word '.repeat(10_000), 100).length).toBeLessThanOrEqual(20);
  });

  it('does not leave half a surrogate pair where the cap cuts one', () => {
    expect(segmentTerms('ab\ud83d\ude00', 3)).toEqual(['ab']);
  });
});

describe('buildSearchDocument', () => {
  it('joins segmented parts and skips empty ones', () => {
    expect(buildSearchDocument('物流信息', null, '', 'Refund please')).toBe('物流 信息 refund pleas please');
  });

  it('stores the stem and, where stemming changed it, the word itself', () => {
    expect(buildSearchDocument('Running late, refunds')).toBe('run running late refund refunds');
  });

  it('stores folded, half-width text', () => {
    expect(buildSearchDocument('退貨 ＳＯ－７７８１')).toBe('退 货 so 7781');
  });
});

describe('buildSearchQuery', () => {
  it('ANDs the terms and matches the last as a prefix', () => {
    expect(buildSearchQuery('物流')).toBe("'物流':*");
    expect(buildSearchQuery('Refund not')).toBe("'refund' & 'not':*");
    expect(buildSearchQuery('退款 refund')).toBe("'退款' & 'refund':*");
  });

  it('stems, folds and narrows to half width like the documents', () => {
    expect(buildSearchQuery('refunds policies')).toBe("'refund' & 'polici':*");
    expect(buildSearchQuery('退貨')).toBe(buildSearchQuery('退货'));
    expect(buildSearchQuery('ＳＯ７７８１')).toBe("'so7781':*");
  });

  it('keeps the typed word beside a stem that does not start it, so a longer word being typed still matches', () => {
    expect(buildSearchQuery('happy')).toBe("( 'happi':* | 'happy':* )");
    expect(buildSearchQuery('happy', { prefix: false })).toBe("'happi'");
  });

  it('removes duplicates (also of one stem) and characters that would break the query syntax', () => {
    expect(buildSearchQuery("a' | b & a")).toBe("'a' & 'b':*");
    expect(buildSearchQuery("x'):* | !y")).toBe("'x' & 'y':*");
    expect(buildSearchQuery('refund refunds refunded')).toBe("'refund':*");
  });

  it('can match whole terms only', () => {
    expect(buildSearchQuery('139 1234', { prefix: false })).toBe("'139' & '1234'");
    expect(buildSearchQuery('refunds', { prefix: false })).toBe("'refund'");
  });

  it('is undefined without searchable terms', () => {
    expect(buildSearchQuery('  ... ')).toBeUndefined();
    expect(buildSearchQuery('')).toBeUndefined();
  });
});

/** Whether every query term is a term of the document (what `@@` answers for a whole-term AND query). */
const matches = (query: string, document: string) => {
  const terms = new Set(document.split(' '));
  return segmentTerms(query).every((term) => terms.has(term));
};

describe('queries meet documents written another way', () => {
  it.each([
    ['退貨', '退货政策'],
    // ICU splits 退货 into characters, so the AND of them also finds the longer word.
    ['退货', '退换货政策'],
    ['帳號 凍結', '账号被冻结了'],
    ['ＳＦ１２３４５６７', 'tracking number sf1234567'],
    ['sf1234567', '快递单号ＳＦ１２３４５６７'],
    ['refund policies', 'Our refund policy'],
    ['tickets running', 'a ticket that keeps runs'],
    ['Refunded', 'REFUNDS'],
  ])('%s finds %s', (query, document) => {
    expect(matches(query, buildSearchDocument(document))).toBe(true);
  });
});

const zhFaq = loadZhFaq();

describe.skipIf(!zhFaq)('zh-faq dev queries against their FAQs (../shared/data/zh-faq)', () => {
  it('folding only adds shared terms between a traditional-character query and its simplified FAQ', () => {
    const faqText = new Map(zhFaq!.faqs.map((faq) => [faq.faq_id, `${faq.question} ${faq.answer}`]));
    // The terms the pipeline gave before folding existed: NFKC, lower case, ICU words.
    const unfolded = (text: string) => segmentWords(text.normalize('NFKC').toLowerCase());
    let traditional = 0;
    let sharedBefore = 0;
    let sharedAfter = 0;
    for (const { query, faq_id: faqId } of zhFaq!.queries) {
      if (!faqId || unfolded(query).join(' ') === segmentTerms(query).join(' ')) continue;
      traditional++;
      const document = new Set(buildSearchDocument(faqText.get(faqId)).split(' '));
      const before = [...new Set(unfolded(query))].filter((term) => document.has(term)).length;
      const after = [...new Set(segmentTerms(query))].filter((term) => document.has(term)).length;
      expect(after, query).toBeGreaterThanOrEqual(before);
      sharedBefore += before;
      sharedAfter += after;
    }
    expect(traditional).toBeGreaterThan(20);
    // On the dev set: 32 such queries share 47 terms with their FAQ unfolded, 115 folded.
    expect(sharedAfter).toBeGreaterThan(sharedBefore * 2);
  });

  it('a traditional-character dev query finds the same words as its simplified rewrite', () => {
    const query = '包裹一直卡在轉運中心，查了好幾次都是同一條記錄';
    expect(zhFaq!.queries.some((q) => q.query === query)).toBe(true);
    expect(matches(query, buildSearchDocument('包裹一直卡在转运中心，查了好几次都是同一条记录'))).toBe(true);
    expect(buildSearchQuery('賬號被凍結了怎麼解封')).toBe(buildSearchQuery('账号被冻结了怎么解封'));
  });

  it('full-width letters and digits of a dev query match their half-width form', () => {
    const query = '订单ＩＤ 20240611083315 预计啥时候送达';
    expect(zhFaq!.queries.some((q) => q.query === query)).toBe(true);
    expect(matches(query, buildSearchDocument('订单ID 20240611083315 预计啥时候送达'))).toBe(true);
    expect(matches('说好１２：３０送到', buildSearchDocument('说好12:30送到'))).toBe(true);
  });
});
