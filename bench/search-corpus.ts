import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findSharedData, loadFaqBank, loadFaqQueries, loadLabelledTexts } from '../src/cli/eval/data.ts';
import { seededRandom } from '../src/platform/text/classify/random.ts';
import { sampleTicket } from './sample-text.ts';

/**
 * Text for the search benchmarks, composed from the real data in ../shared/data (read in place): sentences
 * of the stackfaq and zh-faq answers and customer utterances of banking77 and Bitext, so the vocabulary,
 * sentence lengths and the Chinese/English mix look like a help desk's. Deterministic for an index. Without
 * the data, the ticket sampler of the ticket benchmark is used.
 */

export interface BenchCorpus {
  article(index: number): { title: string; tags: string[]; body: string };
  ticket(index: number): { subject: string; body: string };
  /** Real user questions (the FAQ development queries), Chinese and English. */
  queries: string[];
  /** Labelled texts for classifier training (banking77), if present. */
  labelled: { text: string; label: string }[];
}

const splitSentences = (text: string) =>
  text
    .split(/(?<=[。！？.!?])\s*/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length >= 6 && sentence.length <= 300);

export function loadBenchCorpus(): BenchCorpus {
  const shared = findSharedData();
  const file = (path: string) => (shared && existsSync(join(shared, path)) ? join(shared, path) : undefined);
  const stack = file('stackfaq/faq_bank.jsonl');
  const zh = file('zh-faq/faqs.jsonl');
  const banking = file('banking77/train.csv');
  if (!stack || !zh || !banking) return fallbackCorpus();
  const stackFaqs = loadFaqBank(stack);
  const zhFaqs = loadFaqBank(zh);
  const utterances = loadLabelledTexts(banking);
  const english = stackFaqs.flatMap((faq) => splitSentences(faq.answer ?? ''));
  const chinese = zhFaqs.flatMap((faq) => splitSentences(faq.answer ?? ''));
  const titles = { en: [...stackFaqs.map((faq) => faq.question), ...utterances.map((row) => row.text)], zh: zhFaqs.map((faq) => faq.question) };
  const tags = { en: [...new Set(utterances.map((row) => row.label.replace(/_/g, ' ')))], zh: [...new Set(zhFaqs.flatMap((faq) => faq.tags ?? []))] };
  const compose = (index: number, sentences: number) => {
    const random = seededRandom(index * 2654435761);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const language = random() < 0.5 ? 'zh' : 'en';
    const pool = language === 'zh' ? chinese : english;
    return { language, random, pick, body: Array.from({ length: sentences }, () => pick(pool)).join(language === 'zh' ? '' : ' ') } as const;
  };
  return {
    article(index) {
      const { language, pick, body } = compose(index, 6);
      return { title: `${pick(titles[language])} ${index}`, tags: [pick(tags[language]), pick(tags[language])], body };
    },
    ticket(index) {
      const { language, pick, body } = compose(index + 1_000_003, 3);
      return { subject: pick(language === 'zh' ? titles.zh : titles.en), body: `${pick(utterances).text} ${body}` };
    },
    queries: interleave(loadFaqQueries(file('stackfaq/queries_dev.jsonl')!), loadFaqQueries(file('zh-faq/queries_dev.jsonl')!)).map((query) => query.query),
    labelled: utterances,
  };
}

/** English and Chinese questions alternating, so any prefix of the list holds both. */
function interleave<T>(first: readonly T[], second: readonly T[]): T[] {
  const mixed: T[] = [];
  for (let index = 0; index < Math.max(first.length, second.length); index++) {
    if (index < first.length) mixed.push(first[index]!);
    if (index < second.length) mixed.push(second[index]!);
  }
  return mixed;
}

function fallbackCorpus(): BenchCorpus {
  return {
    article: (index) => {
      const ticket = sampleTicket(index);
      return { title: ticket.subject, tags: [], body: `${ticket.description} ${sampleTicket(index + 1).description}` };
    },
    ticket: (index) => ({ subject: sampleTicket(index).subject, body: sampleTicket(index).description }),
    queries: Array.from({ length: 200 }, (_, index) => sampleTicket(index * 3).subject.slice(0, 12)),
    labelled: [],
  };
}
