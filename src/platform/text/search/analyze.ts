import { normalizeText } from '../normalize.ts';
import { segmentWords } from '../segment.ts';
import { stemEnglish } from '../stem.ts';
import { CHINESE_FUNCTION_WORDS, CHINESE_REWRITES, ENGLISH_REWRITES, SYNONYM_GROUPS } from './lexicon.ts';
import { homophoneKey } from './pinyin.ts';

/**
 * The terms the search index and the classifier see in a text. The shared pipeline (normalise, ICU words,
 * Porter stems) gives the word terms; on top of it:
 *
 * - Chinese runs also give overlapping character pairs (`2:退换`, `2:换货`) and single characters
 *   (`1:退`): ICU's dictionary splits unknown words into characters and often splits colloquial text
 *   wrongly, and pairs find a word whatever the segmentation did (退货 meets 退换货 on 退 and 货).
 * - Each character pair also gives its sound (`p:kuaidi`), so a homophone typo (快第) meets the word meant (快递).
 * - A text holding a member of a synonym group gets the group's term (`=无法开机`).
 * - Colloquial spellings and English contractions are rewritten first (咋 → 怎么, don't → do not), and
 *   stop words (the, 的, 吗 …) give no word term: they are in nearly every text and only blur scores.
 * - Chinese function words (怎么办, 在哪里, 已经 …, lexicon.ts) give no term at all, neither as words nor as
 *   characters and pairs: they say how a question is asked, not what about. The classifier keeps them (an
 *   intent such as "why was I charged" is partly in its question word).
 *
 * The prefixes keep the kinds apart, so a query can weigh each kind on its own.
 */
export const TERM_PREFIX = { pair: '2:', char: '1:', sound: 'p:', concept: '=' } as const;

export type TermKind = 'word' | keyof typeof TERM_PREFIX;
export const TERM_KINDS: readonly TermKind[] = ['word', 'pair', 'char', 'sound', 'concept'];

export function kindOfTerm(term: string): TermKind {
  if (term.length > 1) {
    if (term.startsWith(TERM_PREFIX.pair)) return 'pair';
    if (term.startsWith(TERM_PREFIX.char)) return 'char';
    if (term.startsWith(TERM_PREFIX.sound)) return 'sound';
    if (term.startsWith(TERM_PREFIX.concept)) return 'concept';
  }
  return 'word';
}

export interface TextAnalysis {
  /** Every term, in order of appearance, repeated as often as it occurs. */
  terms: string[];
  /** The Latin-script words as typed (normalised, not stemmed, stop words kept), for typo and compound expansion. */
  latinWords: string[];
}

const ENGLISH_STOP_WORDS = new Set(
  (
    'a an the and or but if of at by for with about to from in on into onto over under up down out off is are was were be been ' +
    'being am do does did doing have has had having i me my myself we us our you your yours he him his she her it its they ' +
    'them their this that these those what which who whom whose when where why how can could should would will shall may ' +
    'might must there here then than so such very just also too only own same some any each few more most other all both ' +
    's t please hi hello hey thanks thank dear get got one way'
  ).split(' '),
);
const CHINESE_STOP_WORDS = new Set(
  '的 了 吗 呢 啊 吧 呀 哦 嗯 哈 么 嘛 啦 哇 噢 我 你 您 他 她 它 我们 你们 他们 我的 你的 是 在 有 和 与 及 就 都 也 还 又 这 那 这个 那个 个 一个 一下 请问 请 谢谢 你好 您好 在吗 亲 麻烦'.split(' '),
);
const CHINESE_STOP_CHARS = new Set([...'的了吗呢啊吧呀哦嗯哈么嘛啦哇噢我你您他她它们是在有和与及就都也还又这那个请谢好亲']);

const HAN_RUN = /\p{Script=Han}+/gu;
const HAN_CHAR = /^\p{Script=Han}$/u;
const HAN_ANY = /\p{Script=Han}/u;
const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan['’]t\b/g, 'can not'],
  [/\bwon['’]t\b/g, 'will not'],
  [/n['’]t\b/g, ' not'],
  [/['’](re)\b/g, ' are'],
  [/['’](m)\b/g, ' am'],
  [/['’](ve)\b/g, ' have'],
  [/['’](ll)\b/g, ' will'],
  [/['’](d)\b/g, ' would'],
  [/['’]s\b/g, ''],
];
const CHINESE_REWRITE = new RegExp(
  Object.keys(CHINESE_REWRITES)
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'g',
);

function rewrite(normalized: string): string {
  let text = normalized;
  if (text.includes("'") || text.includes('’')) for (const [pattern, replacement] of CONTRACTIONS) text = text.replace(pattern, replacement);
  return text.replace(CHINESE_REWRITE, (match) => CHINESE_REWRITES[match]!);
}

/** ICU words of rewritten text, English abbreviations expanded. */
function wordsOf(rewritten: string): string[] {
  const words: string[] = [];
  for (const word of segmentWords(rewritten)) {
    const expanded = ENGLISH_REWRITES[word];
    if (expanded === undefined) words.push(word);
    else words.push(...expanded.split(' '));
  }
  return words;
}

/** Synonym members compiled once: Chinese members by their first character, Latin members by their first stem. */
const chineseMembers = new Map<string, { text: string; term: string }[]>();
/**
 * Chinese members of three characters or more, by the sound of their first character: a homophone typo inside a
 * phrase (冲电没反应 for 充电没反应) still names the concept. Shorter members are matched only as written: two
 * syllables meet too many unrelated words (券 quan and 权 quan).
 */
const MIN_SOUND_MEMBER = 3;
const soundMembers = new Map<string, { sounds: string[]; term: string }[]>();
const latinMembers = new Map<string, { stems: string[]; term: string }[]>();
for (const group of SYNONYM_GROUPS) {
  const term = TERM_PREFIX.concept + group[0]!;
  for (const member of group) {
    const text = rewrite(normalizeText(member));
    if (/\p{Script=Han}/u.test(text)) {
      const list = chineseMembers.get(text[0]!) ?? [];
      list.push({ text, term });
      chineseMembers.set(text[0]!, list);
      const sounds = [...text].map(homophoneKey);
      if (sounds.length >= MIN_SOUND_MEMBER && sounds.every((sound) => sound !== undefined)) {
        const bySound = soundMembers.get(sounds[0]!) ?? [];
        bySound.push({ sounds: sounds as string[], term });
        soundMembers.set(sounds[0]!, bySound);
      }
    } else {
      const stems = wordsOf(text).map(stemEnglish);
      if (stems.length === 0) continue;
      const list = latinMembers.get(stems[0]!) ?? [];
      list.push({ stems, term });
      latinMembers.set(stems[0]!, list);
    }
  }
}

function addConceptTerms(rewritten: string, stems: string[], terms: string[]): void {
  const found = new Set<string>();
  for (let index = 0; index < rewritten.length; index++) {
    const candidates = chineseMembers.get(rewritten[index]!);
    if (!candidates) continue;
    for (const { text, term } of candidates) if (rewritten.startsWith(text, index)) found.add(term);
  }
  if (soundMembers.size > 0 && HAN_ANY.test(rewritten)) {
    const sounds = Array.from(rewritten, (char) => homophoneKey(char));
    for (let index = 0; index + MIN_SOUND_MEMBER <= sounds.length; index++) {
      const candidates = sounds[index] === undefined ? undefined : soundMembers.get(sounds[index]!);
      if (!candidates) continue;
      for (const { sounds: member, term } of candidates) {
        if (member.every((sound, offset) => sounds[index + offset] === sound)) found.add(term);
      }
    }
  }
  for (let index = 0; index < stems.length; index++) {
    const candidates = latinMembers.get(stems[index]!);
    if (!candidates) continue;
    for (const { stems: member, term } of candidates) {
      if (member.every((stem, offset) => stems[index + offset] === stem)) found.add(term);
    }
  }
  // A concept counts once per text: several members of one group are one idea said twice, not two ideas.
  terms.push(...found);
}

const FUNCTION_WORD = new RegExp([...CHINESE_FUNCTION_WORDS].sort((a, b) => b.length - a.length).join('|'), 'g');
const FUNCTION_WORDS = new Set(CHINESE_FUNCTION_WORDS);

function addChineseTerms(rewritten: string, terms: string[], keepFunctionWords: boolean): void {
  // A function word becomes a gap: no characters of its own, and no pairs across it.
  const text = keepFunctionWords ? rewritten : rewritten.replace(FUNCTION_WORD, ' ');
  for (const [run] of text.matchAll(HAN_RUN)) {
    for (let index = 0; index < run.length; index++) {
      const char = run[index]!;
      if (!CHINESE_STOP_CHARS.has(char)) terms.push(TERM_PREFIX.char + char);
      if (index + 1 >= run.length) continue;
      const next = run[index + 1]!;
      terms.push(TERM_PREFIX.pair + char + next);
      const sound = homophoneKey(char);
      const nextSound = homophoneKey(next);
      if (sound && nextSound) terms.push(`${TERM_PREFIX.sound}${sound} ${nextSound}`);
    }
  }
}

export interface PreparedText {
  /** Normalised text with colloquial spellings and contractions rewritten. */
  rewritten: string;
  /** Its ICU words, abbreviations spelt out, stop words kept. */
  words: string[];
  /** The stem of each word. */
  stems: string[];
}

// Stemming is a third of preparing English text and a help desk's vocabulary is small: stems are cached,
// up to a bound (then the cache starts over, so odd words cannot grow it without limit).
const stemCache = new Map<string, string>();
function cachedStem(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    if (stemCache.size >= 200_000) stemCache.clear();
    stem = stemEnglish(word);
    stemCache.set(word, stem);
  }
  return stem;
}

/** Normalises and rewrites a text and splits it into words: the common first step of search and classification. */
export function prepareText(text: string, maxChars = 20_000): PreparedText {
  const rewritten = rewrite(normalizeText(text.slice(0, maxChars)));
  const words = wordsOf(rewritten);
  return { rewritten, words, stems: words.map(cachedStem) };
}

/** The terms of a text (see above). Only the first `maxChars` characters count. */
export function analyzeText(text: string, maxChars = 20_000): TextAnalysis {
  return analyzePrepared(prepareText(text, maxChars));
}

export interface AnalyzeOptions {
  /** Keep Chinese function words (怎么, 为什么 …) as terms: for classification, where how a question is asked counts. */
  keepFunctionWords?: boolean;
}

/** The terms of an already prepared text. */
export function analyzePrepared({ rewritten, words, stems }: PreparedText, options: AnalyzeOptions = {}): TextAnalysis {
  const keepFunctionWords = options.keepFunctionWords ?? false;
  const terms: string[] = [];
  const latinWords: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (/^[a-z]/.test(word)) latinWords.push(word);
    // A lone Chinese character is already a `1:` term; as a word it would only count twice.
    if (isStopWord(word) || (word.length === 1 && HAN_CHAR.test(word)) || (!keepFunctionWords && FUNCTION_WORDS.has(word))) continue;
    terms.push(stems[index]!);
  }
  addChineseTerms(rewritten, terms, keepFunctionWords);
  addConceptTerms(rewritten, stems, terms);
  return { terms, latinWords };
}

/** Whether a word carries no meaning for search on its own (the, 的 …). */
export function isStopWord(word: string): boolean {
  return ENGLISH_STOP_WORDS.has(word) || CHINESE_STOP_WORDS.has(word);
}
