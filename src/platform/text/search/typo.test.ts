import { describe, expect, it } from 'vitest';
import { allowedEdits, editDistance, TypoVocabulary } from './typo.ts';

describe('editDistance', () => {
  it.each([
    ['account', 'account', 0],
    ['acount', 'account', 1],
    ['recieve', 'receive', 1],
    ['adress', 'address', 1],
    ['pasword', 'password', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', '', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b, 5)).toBe(distance);
  });

  it('stops at max + 1 once the distance is larger', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('allowedEdits', () => {
  it.each([
    [3, 0],
    [4, 1],
    [7, 1],
    [8, 2],
    [20, 2],
  ])('a word of %i letters may hold %i edits', (length, edits) => {
    expect(allowedEdits(length)).toBe(edits);
  });
});

describe('TypoVocabulary', () => {
  const vocabulary = new TypoVocabulary();
  for (const word of ['account', 'accounts', 'password', 'receiv', 'address', 'delet', 'github', 'ab', 'x1']) vocabulary.add(word);

  it.each([
    ['acount', ['account']],
    ['pasword', ['password']],
    ['passwrod', ['password']],
    ['reciev', ['receiv']],
    ['adress', ['address']],
    ['githbu', ['github']],
    ['accont', ['account']],
    ['xyzzy', []],
    // Too short to correct safely.
    ['abc', []],
  ])('%s → %j', (typed, words) => {
    expect(vocabulary.candidates(typed).map((candidate) => candidate.word)).toEqual(words);
  });

  it('finds two edits in long words, closest first', () => {
    // One letter missing and one doubled: both sides meet on the same one-deletion form.
    expect(vocabulary.candidates('pasworrd')).toEqual([{ word: 'password', distance: 2 }]);
    // Seven letters allow one edit: accounts (one away) is found, account (two away) is not.
    expect(vocabulary.candidates('acounts')).toEqual([{ word: 'accounts', distance: 1 }]);
  });

  it('ignores words shorter than four letters and non-Latin words', () => {
    expect(vocabulary.size).toBe(7);
  });
});
