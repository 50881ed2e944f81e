/**
 * Offline engine benchmark: the in-process search index over 10,000 articles and 100,000 tickets (build
 * time, memory, search and suggestion p50/p95, snapshot size), the bot's answer latency, classifier training
 * on 10,000 examples, and the same articles searched with PostgreSQL full text (embedded PGlite, ranked OR
 * query) for the choice between the two (docs/search.md, "Choosing the index"). Quick: 2,000 articles,
 * 10,000 tickets, 2,000 training examples.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FaqMatcher } from '../src/platform/text/answer/faq-matcher.ts';
import { serializeSearchIndex, deserializeSearchIndex, SearchIndex, trainIntentClassifier } from '../src/platform/text/index.ts';
import { measurePostgresFullText } from './search-postgres.ts';
import { loadBenchCorpus, type BenchCorpus } from './search-corpus.ts';
import { fmt, summarise } from './stats.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** JavaScript heap plus ArrayBuffer memory (postings are typed arrays, whose bytes live outside the heap). */
function heapMb(): number {
  collectGarbage();
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 1_048_576;
}

function time<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

function latencies(queries: readonly string[], run: (query: string) => unknown): { p50: number; p95: number; count: number } {
  for (const query of queries.slice(0, 20)) run(query);
  const samples = queries.map((query) => time(() => run(query)).ms);
  return summarise(samples);
}

function benchIndex(label: string, count: number, documents: (index: number) => Record<string, string | string[]>, fields: ConstructorParameters<typeof SearchIndex>[0]['fields'], corpus: BenchCorpus, queryCount: number): void {
  const before = heapMb();
  const index = new SearchIndex({ fields });
  // CPU time beside wall-clock time: on a loaded machine the second measures the scheduler, the first the engine.
  const cpuBefore = process.cpuUsage();
  const build = time(() => {
    for (let n = 0; n < count; n++) index.add({ id: `d${n}`, fields: documents(n) });
  });
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerDoc = (cpu.user + cpu.system) / 1000 / count;
  const memory = heapMb() - before;
  const queries = corpus.queries.slice(0, queryCount);
  const search = latencies(queries, (query) => index.search(query, { limit: 10 }));
  const prefixes = queries.map((query, n) => query.slice(0, 2 + (n % 3)));
  const suggest = latencies(prefixes, (prefix) => index.suggest(prefix));
  const snapshot = time(() => JSON.stringify(serializeSearchIndex(index)));
  const restore = time(() => deserializeSearchIndex(JSON.parse(snapshot.value)));
  const size = index.size;
  console.log(
    `  ${label}: built in ${fmt(build.ms / 1000, 1)} s (${fmt((build.ms * 1000) / count, 0)} µs/doc; CPU ${fmt(cpuMsPerDoc * 1000, 0)} µs/doc), heap ${fmt(memory, 0)} MB, ${size} docs\n` +
      `    search  p50 ${fmt(search.p50, 2)} ms  p95 ${fmt(search.p95, 2)} ms  (${search.count} real questions, top 10)\n` +
      `    suggest p50 ${fmt(suggest.p50, 3)} ms  p95 ${fmt(suggest.p95, 3)} ms\n` +
      `    snapshot ${fmt(snapshot.value.length / 1_048_576, 0)} MB JSON, written in ${fmt(snapshot.ms, 0)} ms, restored in ${fmt(restore.ms, 0)} ms`,
  );
}

export async function runSearchBench({ quick }: { quick: boolean }): Promise<void> {
  const corpus = loadBenchCorpus();
  const articles = quick ? 2_000 : 10_000;
  const tickets = quick ? 10_000 : 100_000;
  const queryCount = quick ? 100 : 400;
  console.log(`\n## Offline search engine (${corpus.labelled.length > 0 ? 'text from ../shared/data' : 'synthetic text'})`);
  benchIndex(`${articles.toLocaleString('en')} articles`, articles, (n) => corpus.article(n), { title: { weight: 3, b: 0.5, suggest: 'title' }, tags: { suggest: 'tag' }, body: {} }, corpus, queryCount);
  benchIndex(`${tickets.toLocaleString('en')} tickets`, tickets, (n) => corpus.ticket(n), { subject: { weight: 2, b: 0.5 }, body: {} }, corpus, queryCount);

  const matcher = new FaqMatcher();
  for (let n = 0; n < articles; n++) {
    const article = corpus.article(n);
    matcher.add({ id: `a${n}`, question: article.title, tags: article.tags, answer: article.body });
  }
  const answer = latencies(corpus.queries.slice(0, queryCount), (query) => matcher.match(query));
  console.log(`  bot answer over ${articles.toLocaleString('en')} articles: p50 ${fmt(answer.p50, 2)} ms  p95 ${fmt(answer.p95, 2)} ms`);

  const examples = corpus.labelled.length > 0 ? corpus.labelled.slice(0, quick ? 2_000 : 10_000) : [];
  if (examples.length > 0) {
    const started = performance.now();
    const classifier = await trainIntentClassifier(examples, { yieldToEventLoop: false });
    const seconds = (performance.now() - started) / 1000;
    const predict = latencies(corpus.queries.slice(0, queryCount), (text) => classifier.predict(text));
    console.log(
      `  classifier: ${examples.length.toLocaleString('en')} examples, ${classifier.labels.length} labels, trained in ${fmt(seconds, 1)} s ` +
        `(calibration model + final model), predict p50 ${fmt(predict.p50, 2)} ms  p95 ${fmt(predict.p95, 2)} ms`,
    );
  }

  await measurePostgresFullText({ articles, corpus, queryCount });
}
