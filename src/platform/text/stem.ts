/**
 * An English stemmer after M. F. Porter's 1980 algorithm ("An algorithm for suffix stripping"),
 * written for Kefu from the published rules, without later amendments. A stem is a search key, not
 * a word: "policies" and "policy" both become "polici", "running" and "runs" become "run".
 *
 * Only plain a–z words are stemmed. Words with digits (order numbers, SKUs, "t20240101001") or
 * other letters (pinyin with tones, French, Chinese) are returned unchanged, because suffix rules
 * written for English would only damage them.
 */

const ENGLISH_WORD = /^[a-z]+$/;

function isConsonant(word: string, index: number): boolean {
  const char = word[index]!;
  if ('aeiou'.includes(char)) return false;
  // "y" is a consonant at the start or after a vowel ("yes", "toy"), a vowel after a consonant ("happy").
  if (char === 'y') return index === 0 || !isConsonant(word, index - 1);
  return true;
}

/** Porter's m: the number of vowel-consonant sequences in the stem, [C](VC)^m[V]. */
function measure(stem: string): number {
  let count = 0;
  let index = 0;
  const length = stem.length;
  while (index < length && isConsonant(stem, index)) index++;
  while (index < length) {
    while (index < length && !isConsonant(stem, index)) index++;
    if (index >= length) break;
    while (index < length && isConsonant(stem, index)) index++;
    count++;
  }
  return count;
}

function hasVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index++) if (!isConsonant(stem, index)) return true;
  return false;
}

function endsWithDoubleConsonant(stem: string): boolean {
  const length = stem.length;
  return length >= 2 && stem[length - 1] === stem[length - 2] && isConsonant(stem, length - 1);
}

/** Porter's *o: consonant-vowel-consonant at the end, the last not w, x or y ("hop", not "snow"). */
function endsCvc(stem: string): boolean {
  const length = stem.length;
  if (length < 3) return false;
  const last = stem[length - 1]!;
  return isConsonant(stem, length - 3) && !isConsonant(stem, length - 2) && isConsonant(stem, length - 1) && !'wxy'.includes(last);
}

type Rule = readonly [suffix: string, replacement: string];

/**
 * Applies the longest matching suffix of one step when the remaining stem satisfies `condition`.
 * Porter's rule: once the longest suffix matches, no shorter one of the same step is tried, even if
 * its condition fails.
 */
function applyLongest(word: string, rules: readonly Rule[], condition: (stem: string, suffix: string) => boolean): string {
  let best: Rule | undefined;
  for (const rule of rules) {
    if (word.endsWith(rule[0]) && (!best || rule[0].length > best[0].length)) best = rule;
  }
  if (!best) return word;
  const stem = word.slice(0, word.length - best[0].length);
  return condition(stem, best[0]) ? stem + best[1] : word;
}

function step1a(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ies')) return word.slice(0, -2);
  if (word.endsWith('ss')) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

function step1b(word: string): string {
  if (word.endsWith('eed')) return measure(word.slice(0, -3)) > 0 ? word.slice(0, -1) : word;
  let stem: string | undefined;
  if (word.endsWith('ed') && hasVowel(word.slice(0, -2))) stem = word.slice(0, -2);
  else if (word.endsWith('ing') && hasVowel(word.slice(0, -3))) stem = word.slice(0, -3);
  if (stem === undefined) return word;
  // Tidy the stem so that "conflated" and "conflating" meet "conflate", "hopping" meets "hop".
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`;
  if (endsWithDoubleConsonant(stem) && !'lsz'.includes(stem.at(-1)!)) return stem.slice(0, -1);
  if (measure(stem) === 1 && endsCvc(stem)) return `${stem}e`;
  return stem;
}

function step1c(word: string): string {
  return word.endsWith('y') && hasVowel(word.slice(0, -1)) ? `${word.slice(0, -1)}i` : word;
}

const STEP2: readonly Rule[] = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['abli', 'able'],
  ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'],
  ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'],
  ['iviti', 'ive'], ['biliti', 'ble'],
];
const STEP3: readonly Rule[] = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
];
const STEP4: readonly Rule[] = [
  'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti',
  'ous', 'ive', 'ize',
].map((suffix) => [suffix, ''] as const);

function step5(word: string): string {
  let result = word;
  if (result.endsWith('e')) {
    const stem = result.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) result = stem;
  }
  if (result.endsWith('ll') && measure(result) > 1) result = result.slice(0, -1);
  return result;
}

/** The Porter stem of a lower-case English word; other words unchanged. */
export function stemEnglish(word: string): string {
  if (word.length <= 2 || !ENGLISH_WORD.test(word)) return word;
  let result = step1c(step1b(step1a(word)));
  result = applyLongest(result, STEP2, (stem) => measure(stem) > 0);
  result = applyLongest(result, STEP3, (stem) => measure(stem) > 0);
  result = applyLongest(result, STEP4, (stem, suffix) => measure(stem) > 1 && (suffix !== 'ion' || stem.endsWith('s') || stem.endsWith('t')));
  return step5(result);
}
