import { describe, expect, it } from 'vitest';
import { homophoneKey, pinyinSyllables, typedPinyinSounds } from './pinyin.ts';
import { SearchIndex } from './search-index.ts';

describe('homophone keys', () => {
  it.each([
    ['快', 'kuai'],
    ['递', 'di'],
    ['第', 'di'],
    // Fuzzy initials and finals: zh/z, sh/s, ing/in meet.
    ['账', 'zan'],
    ['申', 'sen'],
    ['请', 'qin'],
    ['a', undefined],
  ])('%s → %s', (char, key) => {
    expect(homophoneKey(char)).toBe(key);
  });
});

describe('typed pinyin', () => {
  it.each([
    ['mima', ['mi', 'ma']],
    ['kuaidi', ['kuai', 'di']],
    ['tuikuan', ['tui', 'kuan']],
    // The reading with the fewest syllables: xian, not xi an.
    ['xian', ['xian']],
    ['lvse', ['lv', 'se']],
    // Not pinyin: an English word, digits, a consonant cluster.
    ['refund', undefined],
    ['sf123', undefined],
    ['strike', undefined],
  ])('%s → %j', (word, syllables) => {
    expect(pinyinSyllables(word)).toEqual(syllables);
  });

  it.each([
    ['mima', ['mi ma']],
    ['zhanghao', ['zan hao']],
    ['kuaidijiage', ['kuai di', 'di jia', 'jia ge']],
    // One syllable or fewer than four letters give nothing: too many words would read as pinyin.
    ['xian', []],
    ['ma', []],
    ['password', []],
  ])('the sounds of %s are %j', (word, sounds) => {
    expect(typedPinyinSounds(word)).toEqual(sounds);
  });

  it('finds the Chinese words a query typed in pinyin, and only where the index knows their sound', () => {
    const index = new SearchIndex({ fields: { title: {} } });
    index.add({ id: 'password', fields: { title: '忘记登录密码怎么办' } });
    index.add({ id: 'delivery', fields: { title: '快递几天能送到' } });
    expect(index.search('mima 忘了')[0]?.id).toBe('password');
    expect(index.search('kuaidi')[0]?.id).toBe('delivery');
    expect(index.queryTerms('mima').find((term) => term.source === 'pinyin')).toMatchObject({ term: 'p:mi ma' });
    expect(index.queryTerms('tuikuan').filter((term) => term.source === 'pinyin')).toEqual([]);
  });
});
