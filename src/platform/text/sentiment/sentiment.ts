import { normalizeText } from '../normalize.ts';
import { prepareText } from '../search/analyze.ts';
import { stemEnglish } from '../stem.ts';
import {
  CHINESE_CONTRASTS,
  CHINESE_INTENSIFIERS,
  CHINESE_NEGATORS,
  CHINESE_VALENCE,
  ENGLISH_CONTRASTS,
  ENGLISH_INTENSIFIERS,
  ENGLISH_NEGATORS,
  ENGLISH_VALENCE,
} from './sentiment-lexicon.ts';

/**
 * How a customer feels, from the words of a message, in Chinese and English: a lexicon of cues with
 * valences (sentiment-lexicon.ts), read with the rules that matter in help-desk writing:
 *
 * - **negation** flips and softens a cue (不太满意, "not happy": a negated cue counts −0.6 times);
 * - **intensifiers** strengthen the cue they precede (非常失望, "extremely slow");
 * - **contrast**: after 但是 / "but" comes what the writer means; cues before the last contrast count half,
 *   cues after it one and a half times;
 * - **exclamation marks** (up to three) push the score further the way it already leans.
 *
 * The sum is squashed into −1 … 1 (x / √(x² + 15), so one strong cue is clearly negative and several
 * approach the limit); ≤ −0.2 is negative, ≥ 0.2 positive, anything between neutral.
 */

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentCue {
  /** The cue as matched (a Chinese phrase or an English stem). */
  cue: string;
  /** Its contribution after negation, intensifiers and contrast. */
  valence: number;
}

export interface Sentiment {
  /** −1 (very negative) … 1 (very positive). */
  score: number;
  label: SentimentLabel;
  cues: SentimentCue[];
}

export const SENTIMENT_THRESHOLD = 0.2;
const NEGATED = -0.6;
const SQUASH = 15;

// The English lists are written as words and read as stems, like the text.
const stemKeys = (record: Readonly<Record<string, number>>) => new Map(Object.entries(record).map(([word, value]) => [stemEnglish(word), value]));
const englishValence = stemKeys(ENGLISH_VALENCE);
const englishIntensifiers = stemKeys(ENGLISH_INTENSIFIERS);
const englishNegators = new Set(ENGLISH_NEGATORS.map(stemEnglish));
const englishContrasts = new Set(ENGLISH_CONTRASTS.map(stemEnglish));
const chineseCuesByFirstChar = groupByFirstChar(Object.keys(CHINESE_VALENCE));
const chineseIntensifiers = Object.keys(CHINESE_INTENSIFIERS).sort((a, b) => b.length - a.length);

function groupByFirstChar(words: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    const list = map.get(word[0]!) ?? [];
    list.push(word);
    map.set(word[0]!, list);
  }
  return map;
}

/** The position after which cues count more, or -1 without a contrast word. */
function lastChineseContrast(text: string): number {
  let last = -1;
  for (const word of CHINESE_CONTRASTS) {
    const at = text.lastIndexOf(word);
    if (at >= 0 && at + word.length > last) last = at + word.length;
  }
  return last;
}

function chineseCues(text: string): SentimentCue[] {
  const cues: SentimentCue[] = [];
  const contrast = lastChineseContrast(text);
  for (let index = 0; index < text.length; ) {
    const cue = chineseCuesByFirstChar.get(text[index]!)?.find((candidate) => text.startsWith(candidate, index));
    if (!cue) {
      index++;
      continue;
    }
    let valence = CHINESE_VALENCE[cue]!;
    // Read backwards: an intensifier right before the cue, then a negator before that (不太满意, 没有很满意).
    let before = text.slice(Math.max(0, index - 4), index);
    const intensifier = chineseIntensifiers.find((word) => before.endsWith(word));
    if (intensifier) {
      valence *= CHINESE_INTENSIFIERS[intensifier]!;
      before = before.slice(0, before.length - intensifier.length);
    }
    if (CHINESE_NEGATORS.some((word) => before.endsWith(word))) valence *= NEGATED;
    if (contrast >= 0) valence *= index >= contrast ? 1.5 : 0.5;
    cues.push({ cue, valence });
    index += cue.length;
  }
  return cues;
}

function englishCues(text: string): SentimentCue[] {
  const { stems } = prepareText(text);
  const cues: SentimentCue[] = [];
  let contrast = -1;
  stems.forEach((stem, index) => {
    if (englishContrasts.has(stem)) contrast = index;
  });
  stems.forEach((stem, index) => {
    const base = englishValence.get(stem);
    if (base === undefined) return;
    let valence = base;
    const intensifier = englishIntensifiers.get(stems[index - 1] ?? '');
    if (intensifier) valence *= intensifier;
    // "not happy", "not very happy", "never been so disappointed": a negator within three words before.
    for (let back = 1; back <= 3 && index - back >= 0; back++) {
      if (englishNegators.has(stems[index - back]!)) {
        valence *= NEGATED;
        break;
      }
    }
    if (contrast >= 0) valence *= index > contrast ? 1.5 : 0.5;
    cues.push({ cue: stem, valence });
  });
  return cues;
}

/** The sentiment of a message (see above). Only the first 5,000 characters are read. */
export function scoreSentiment(text: string): Sentiment {
  const normalized = normalizeText(text.slice(0, 5_000));
  const cues = [...chineseCues(normalized), ...englishCues(normalized)];
  let sum = cues.reduce((total, cue) => total + cue.valence, 0);
  const exclamations = Math.min(3, (normalized.match(/!/g) ?? []).length);
  if (sum !== 0) sum += Math.sign(sum) * 0.3 * exclamations;
  const score = sum / Math.sqrt(sum * sum + SQUASH);
  const label: SentimentLabel = score <= -SENTIMENT_THRESHOLD ? 'negative' : score >= SENTIMENT_THRESHOLD ? 'positive' : 'neutral';
  return { score, label, cues };
}
