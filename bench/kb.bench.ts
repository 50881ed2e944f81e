/**
 * Knowledge base and bot: search latency over 10,000 articles (the in-process index each node keeps per workspace),
 * the bot's matching and decision per question, and triage training time on 10,000 tickets. Ticket search over
 * 100,000 tickets is the tickets benchmark's `search p95` (same run). `--quick` uses a tenth of everything.
 */
import { RankingIndex } from '../src/modules/kb/index.ts';
import { trainTriage } from '../src/modules/bot/index.ts';
import { decide } from '../src/modules/bot/bot-decision.ts';
import { sampleTicket } from './sample-text.ts';
import { fmt, summarise } from './stats.ts';

const QUESTIONS = ['退货', '开不了机', '退款多久到账', '发票怎么开', 'refund policy', 'where is my order', '快递到哪了', '怎么修改收货地址', 'invoise', '账号被冻结'];

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = work();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

export async function runKbBench(options: { quick: boolean }): Promise<void> {
  const articles = options.quick ? 1_000 : 10_000;
  const trainingTickets = options.quick ? 1_000 : 10_000;
  console.log(`\n## Knowledge base and bot (${articles} articles, ${trainingTickets} training tickets)`);

  const index = new RankingIndex();
  const build = timed(() => {
    for (let i = 0; i < articles; i++) {
      const ticket = sampleTicket(i);
      index.upsert(`a${i}`, { title: ticket.subject, tags: [ticket.subject.slice(0, 4)], body: ticket.description });
    }
  });
  console.log(`  index build: ${fmt(build.ms / 1000, 2)} s (${fmt(articles / (build.ms / 1000), 0)} articles/s)`);

  const searches: number[] = [];
  const decisions: number[] = [];
  for (let round = 0; round < (options.quick ? 20 : 100); round++) {
    for (const question of QUESTIONS) {
      const search = timed(() => index.search(question, { limit: 10 }));
      searches.push(search.ms);
      const bot = timed(() => decide({ asksForHuman: false, articles: index.search(question, { limit: 5 }).map((hit) => ({ id: hit.id, confidence: hit.coverage >= 0.3 ? hit.confidence : hit.coverage })), answerThreshold: 0.6, suggestThreshold: 0.25 }));
      decisions.push(bot.ms);
    }
  }
  const s = summarise(searches);
  const d = summarise(decisions);
  console.log(`  article search: p50 ${fmt(s.p50, 2)} ms, p95 ${fmt(s.p95, 2)} ms (${s.count} searches)`);
  console.log(`  bot matching + decision (in process, without the database round trips): p50 ${fmt(d.p50, 2)} ms, p95 ${fmt(d.p95, 2)} ms`);

  const types = ['consultation', 'complaint', 'after_sales', 'technical_support'];
  const samples = Array.from({ length: trainingTickets }, (_, i) => {
    const ticket = sampleTicket(i);
    return { text: `${ticket.subject}\n${ticket.description}`, type: types[i % types.length]!, priority: ['P1', 'P2', 'P3'][(i * 7) % 3]! };
  });
  const start = Date.now();
  await trainTriage(samples);
  console.log(`  triage training: ${fmt((Date.now() - start) / 1000, 1)} s on ${trainingTickets} tickets (type and priority)`);
}
