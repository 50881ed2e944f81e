import { describe, expect, it } from 'vitest';
import { SearchIndex, type SearchDocument } from './search-index.ts';
import { deserializeSearchIndex, serializeSearchIndex } from './snapshot.ts';

const ARTICLES: SearchDocument[] = [
  { id: 'returns', fields: { title: '退换货政策', tags: ['售后'], body: '签收后7天内可申请无理由退换货，商品需保持完好。' } },
  { id: 'power', fields: { title: '手机无法开机怎么办', tags: ['产品'], body: '请先充电30分钟，再长按电源键10秒强制重启。' } },
  { id: 'delivery', fields: { title: '快递几天能送到', tags: ['物流'], body: '同省一般1–2天送达，其他地区3–5天。' } },
  { id: 'invoice', fields: { title: '如何开具电子发票', tags: ['发票'], body: '在订单详情页点击申请开票，填写抬头和税号。' } },
  { id: 'password', fields: { title: 'Reset your account password', tags: ['account'], body: 'Open Settings, choose Security and follow the link we e-mail you.' } },
  { id: 'github', fields: { title: 'Strikethrough in GitHub Markdown', tags: ['github'], body: 'Wrap the words in two tildes on each side.' } },
  { id: 'refund', fields: { title: 'When will my refund arrive?', tags: ['billing'], body: 'Refunds reach your card within 5 business days.' } },
  { id: 'delete', fields: { title: 'Delete your Facebook account', tags: [], body: 'Go to the help center and ask for the account to be removed.' } },
];

function buildIndex(): SearchIndex {
  const index = new SearchIndex({ fields: { title: { weight: 3, b: 0.5, suggest: 'title' }, tags: { weight: 1, suggest: 'tag' }, body: { weight: 1 } } });
  for (const article of ARTICLES) index.add(article);
  return index;
}

const topId = (index: SearchIndex, query: string) => index.search(query, { limit: 3 })[0]?.id;

describe('field kinds', () => {
  it('leaves the kinds a field does not hold out of it', () => {
    const index = new SearchIndex({ fields: { title: {}, examples: { kinds: ['word', 'concept'] } } });
    index.add({ id: 'power', fields: { title: '设备问题', examples: ['手机开不了机'] } });
    index.add({ id: 'invoice', fields: { title: '发票问题', examples: ['机器发票'] } });
    // The example's concept (开不了机 ≈ 无法开机) is held; its single characters (机) and pairs are not.
    expect(index.documentFrequency('=无法开机')).toBe(1);
    expect(index.documentFrequency('1:机')).toBe(0);
    expect(index.documentFrequency('2:手机')).toBe(0);
    expect(index.search('无法开机')[0]?.id).toBe('power');
  });
});

describe('SearchIndex.search', () => {
  const index = buildIndex();

  it.each([
    // The examples: a word inside a longer one, and a colloquial synonym.
    ['退货', 'returns'],
    ['开不了机', 'power'],
    // Homophone typo (快第 for 快递), traditional characters, full-width letters.
    ['我的快第几天能到', 'delivery'],
    ['電子發票怎麼開', 'invoice'],
    ['ＲＥＳＥＴ ＰＡＳＳＷＯＲＤ', 'password'],
    // English: stems, typos, words written apart or together, synonyms, abbreviations.
    ['resetting passwords', 'password'],
    ['forgot my pasword', 'password'],
    ['strike through on git hub', 'github'],
    ['how do I erase my fb acct', 'delete'],
    ['refnud', 'refund'],
  ])('%s finds %s first', (query, id) => {
    expect(topId(index, query)).toBe(id);
  });

  it('ranks a match in the title above the same match in the body', () => {
    const titled = new SearchIndex({ fields: { title: { weight: 3 }, body: { weight: 1 } } });
    titled.add({ id: 'body', fields: { title: 'Shipping times', body: 'Refund rules are described elsewhere.' } });
    titled.add({ id: 'title', fields: { title: 'Refund rules', body: 'How shipping is charged.' } });
    expect(titled.search('refund').map((hit) => hit.id)).toEqual(['title', 'body']);
  });

  it('scores relevance and coverage between 0 and 1, full coverage for a query all of whose terms match', () => {
    const [hit] = index.search('reset password');
    expect(hit!.id).toBe('password');
    expect(hit!.coverage).toBeCloseTo(1);
    expect(hit!.relevance).toBeGreaterThan(0);
    expect(hit!.relevance).toBeLessThan(1);
    const partial = index.search('reset password zebra')[0]!;
    expect(partial.coverage).toBeLessThan(1);
  });

  it('finds nothing for text without searchable terms or unknown words', () => {
    expect(index.search('  ...  ')).toEqual([]);
    expect(index.search('qwertyuiop')).toEqual([]);
    expect(index.search('退货', { limit: 0 })).toEqual([]);
  });

  it('leaves out documents the filter refuses and respects the limit', () => {
    expect(index.search('account', { filter: (id) => id !== 'password' }).map((hit) => hit.id)).toEqual(['delete']);
    expect(index.search('account', { limit: 1 })).toHaveLength(1);
  });

  it('explains the expanded query', () => {
    const sources = Object.fromEntries(index.queryTerms('git hub pasword').map((term) => [term.term, term.source]));
    expect(sources).toMatchObject({ git: 'word', hub: 'word', github: 'compound', password: 'typo' });
  });
});

describe('SearchIndex add / remove', () => {
  it('replaces a document added again under its id and forgets a removed one', () => {
    const index = buildIndex();
    index.add({ id: 'refund', fields: { title: 'Cancel a subscription', body: '' } });
    expect(index.size).toBe(ARTICLES.length);
    expect(topId(index, 'refund arrive')).not.toBe('refund');
    expect(topId(index, 'cancel subscription')).toBe('refund');
    index.remove('refund');
    index.remove('never-added');
    expect(index.has('refund')).toBe(false);
    expect(index.search('cancel subscription')).toEqual([]);
  });

  it('keeps finding the remaining documents after many removals compact the index', () => {
    const index = new SearchIndex({ fields: { title: {} } });
    for (let n = 0; n < 500; n++) index.add({ id: `doc${n}`, fields: { title: `order ${n} ${n % 2 ? 'refund' : 'delivery'}` } });
    for (let n = 0; n < 400; n++) index.remove(`doc${n}`);
    expect(index.size).toBe(100);
    const hits = index.search('refund', { limit: 100 });
    expect(hits).toHaveLength(50);
    expect(hits.every((hit) => Number(hit.id.slice(3)) >= 400)).toBe(true);
    expect(topId(index, 'order 450')).toBe('doc450');
  });
});

describe('search index snapshots', () => {
  it('answers every query exactly as the index it was taken from', () => {
    const index = buildIndex();
    index.remove('github');
    index.recordQuery('退款多久到账');
    const restored = deserializeSearchIndex(JSON.parse(JSON.stringify(serializeSearchIndex(index))));
    for (const query of ['退货', '开不了机', 'forgot my pasword', 'refund', 'strikethrough', '发票']) {
      expect(restored.search(query)).toEqual(index.search(query));
    }
    expect(restored.size).toBe(index.size);
    expect(restored.suggest('退款')).toEqual(index.suggest('退款'));
    restored.add({ id: 'new', fields: { title: 'Brand new article about invoices' } });
    expect(topId(restored, 'new article')).toBe('new');
  });

  it('refuses a snapshot of another format', () => {
    const snapshot = serializeSearchIndex(buildIndex());
    expect(() => deserializeSearchIndex({ ...snapshot, format: snapshot.format + 1 })).toThrow(/format/);
  });
});
