import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findSharedData, loadFaqBank, loadFaqQueries } from '../src/cli/eval/data.ts';
import { rankingMetrics } from '../src/cli/eval/metrics.ts';
import { FaqMatcher } from '../src/platform/text/answer/faq-matcher.ts';
import { openDb, type Db } from '../src/platform/db.ts';
import { buildSearchDocument, segmentTerms } from '../src/platform/text/index.ts';
import type { BenchCorpus } from './search-corpus.ts';
import { fmt, summarise } from './stats.ts';

/**
 * The alternative to the in-process index, measured the same way: PostgreSQL full text over the same
 * prepared terms (`to_tsvector('simple', buildSearchDocument(…))`, the title weighted A, the rest D), ranked
 * with `ts_rank`. A question is an OR of its terms: an AND (what ticket search uses) finds nothing for most
 * paraphrased questions. Quality on the FAQ development sets (no learned phrasings on either side), latency
 * over the benchmark's articles, on embedded PGlite.
 */

const orQuery = (text: string) => [...new Set(segmentTerms(text, 500))].map((term) => `'${term}'`).join(' | ');

async function loadArticles(db: Db, rows: { id: string; title: string; body: string }[]): Promise<void> {
  await db.exec('DROP TABLE IF EXISTS bench_articles; CREATE TABLE bench_articles (id text PRIMARY KEY, document tsvector NOT NULL)');
  for (let start = 0; start < rows.length; start += 500) {
    const batch = rows.slice(start, start + 500);
    await db.query(
      `INSERT INTO bench_articles (id, document)
       SELECT id, setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'D')
         FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, title, body)`,
      [batch.map((row) => row.id), batch.map((row) => buildSearchDocument(row.title)), batch.map((row) => buildSearchDocument(row.body))],
    );
  }
  await db.exec('CREATE INDEX bench_articles_document ON bench_articles USING gin (document); ANALYZE bench_articles');
}

async function searchPostgres(db: Db, text: string): Promise<string[]> {
  const query = orQuery(text);
  if (!query) return [];
  const rows = await db.query(
    `SELECT id FROM bench_articles, to_tsquery('simple', $1) AS q WHERE document @@ q ORDER BY ts_rank(document, q) DESC, id LIMIT 10`,
    [query],
  );
  return rows.map((row) => String(row.id));
}

export async function measurePostgresFullText({ articles, corpus, queryCount }: { articles: number; corpus: BenchCorpus; queryCount: number }): Promise<void> {
  const db = await openDb({});
  try {
    console.log('  PostgreSQL full text (PGlite, ts_rank over an OR of the terms) against the in-process index:');
    const shared = findSharedData();
    for (const [name, bank, questions] of [
      ['stackfaq', 'stackfaq/faq_bank.jsonl', 'stackfaq/queries_dev.jsonl'],
      ['zh-faq', 'zh-faq/faqs.jsonl', 'zh-faq/queries_dev.jsonl'],
    ] as const) {
      if (!shared || !existsSync(join(shared, bank))) continue;
      const faqs = loadFaqBank(join(shared, bank));
      const queries = loadFaqQueries(join(shared, questions)).filter((query) => query.faqId);
      await loadArticles(db, faqs.map((faq) => ({ id: faq.id, title: faq.question, body: faq.answer ?? '' })));
      const postgresRanks: number[] = [];
      for (const query of queries) postgresRanks.push((await searchPostgres(db, query.query)).indexOf(query.faqId!));
      const matcher = new FaqMatcher();
      for (const faq of faqs) matcher.add(faq);
      const engineRanks = queries.map((query) => matcher.match(query.query, 10).candidates.findIndex((hit) => hit.id === query.faqId));
      const pg = rankingMetrics(postgresRanks);
      const engine = rankingMetrics(engineRanks);
      console.log(
        `    ${name} quality: PostgreSQL top1 ${fmt(pg.top1, 3)} mrr ${fmt(pg.mrr, 3)} recall@5 ${fmt(pg.recall5, 3)}  |  ` +
          `in-process top1 ${fmt(engine.top1, 3)} mrr ${fmt(engine.mrr, 3)} recall@5 ${fmt(engine.recall5, 3)}`,
      );
    }
    const rows = Array.from({ length: articles }, (_, n) => ({ id: `a${n}`, ...corpus.article(n) }));
    const started = performance.now();
    await loadArticles(db, rows);
    const loadSeconds = (performance.now() - started) / 1000;
    const queries = corpus.queries.slice(0, queryCount);
    for (const query of queries.slice(0, 10)) await searchPostgres(db, query);
    const samples: number[] = [];
    for (const query of queries) {
      const t0 = performance.now();
      await searchPostgres(db, query);
      samples.push(performance.now() - t0);
    }
    const stats = summarise(samples);
    console.log(`    ${articles.toLocaleString('en')} articles: loaded and indexed in ${fmt(loadSeconds, 1)} s; search p50 ${fmt(stats.p50, 2)} ms  p95 ${fmt(stats.p95, 2)} ms`);
  } finally {
    await db.close();
  }
}
