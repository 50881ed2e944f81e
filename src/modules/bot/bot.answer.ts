/**
 * The bot's answer to one customer message: a request for a person hands off at once; otherwise intents (example
 * phrases and what agents taught it) and published articles are matched, confidence is adjusted by what the bot
 * learned from feedback, optionally re-ranked by the provider's embeddings, and the decision rule picks an answer,
 * a lookup, suggestions or a hand-off. HTTP (lookups, the provider) happens before any transaction opens.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../../platform/db.ts';
import type { KbLocale } from '../../contracts/kb.ts';
import type { ArticleHit } from '../kb/index.ts';
import { decide, type Candidate, type Decision } from './bot-decision.ts';
import type { BotMatchers } from './bot-matcher.ts';
import * as repo from './bot.repository.ts';
import type { BotDeps } from './bot.context.ts';
import { asksForHuman } from './handoff-words.ts';
import { runLookup } from './http-lookup.ts';
import { adjustConfidence } from './learning.ts';
import { cosine, createProviderClient } from './provider-client.ts';
import { extractSlot } from './templates.ts';

const ANSWER_CHARS = 1200;
const CANDIDATES = 5;

/** What the bot settled on, before anything is stored. */
export type Reply =
  | { outcome: 'answered'; answer: string; articleId: string; confidence: number; intentId: null }
  | { outcome: 'lookup'; answer: string; intentId: string; confidence: number; articleId: null; pendingIntentId: string | null }
  | { outcome: 'suggested'; answer: string; suggestions: { id: string; title: string; slug: string }[]; confidence: number; articleId: null; intentId: null }
  | { outcome: 'handoff'; reason: 'requested' | 'intent' | 'unsure' | 'lookup_failed' | 'disabled'; guess: Guess | null; confidence: number; articleId: string | null; intentId: string | null };

export interface Guess {
  kind: 'article' | 'intent';
  id: string;
  title: string;
  confidence: number;
}

export interface ReplyTexts {
  t(key: string, params?: Record<string, unknown>): string;
}

const answerFromArticle = (article: { summary: string; bodyText: string }) => {
  const text = article.summary.trim() ? `${article.summary.trim()}\n\n${article.bodyText}` : article.bodyText;
  return text.length > ANSWER_CHARS ? `${text.slice(0, ANSWER_CHARS)}…` : text;
};

export function createResponder(deps: BotDeps, matchers: BotMatchers) {
  const fetchImpl = deps.fetch ?? fetch;

  /** Re-ranks candidates by the provider's embeddings (article vectors cached per content); unchanged on any failure. */
  async function rerank(workspaceId: string, settings: repo.BotSettingsRecord, question: string, hits: { hit: ArticleHit; confidence: number }[]) {
    if (!settings.providerUrl || !settings.useEmbeddings || hits.length === 0) return hits;
    const provider = createProviderClient({ url: settings.providerUrl, key: settings.providerKey, model: settings.providerModel, embeddingModel: settings.embeddingModel }, fetchImpl);
    const model = settings.embeddingModel ?? 'default';
    try {
      const articles = await Promise.all(hits.map(({ hit }) => deps.kb.getLiveArticle(workspaceId, hit.id)));
      const texts = articles.map((article) => (article ? `${article.title}\n${article.summary}\n${article.bodyText}`.slice(0, 4000) : ''));
      const hashes = texts.map((text) => createHash('sha256').update(text).digest('hex'));
      const cached = await repo.selectEmbeddings(deps.db, workspaceId, model, hits.map(({ hit }) => hit.id));
      const missing = hits.map((_, index) => index).filter((index) => cached.get(hits[index]!.hit.id)?.contentHash !== hashes[index]);
      const vectors = await provider.embed([question, ...missing.map((index) => texts[index]!)]);
      const [queryVector] = vectors;
      for (const [n, index] of missing.entries()) {
        const vector = vectors[n + 1]!;
        cached.set(hits[index]!.hit.id, { contentHash: hashes[index]!, vector });
        await repo.upsertEmbedding(deps.db, workspaceId, { articleId: hits[index]!.hit.id, model, contentHash: hashes[index]!, vector, at: deps.clock.now() });
      }
      return hits
        .map(({ hit, confidence }) => ({ hit, confidence: 0.5 * confidence + 0.5 * Math.max(0, cosine(queryVector!, cached.get(hit.id)?.vector ?? [])) }))
        .sort((a, b) => b.confidence - a.confidence);
    } catch (error) {
      deps.logger?.warn({ err: error, workspaceId }, 'provider embeddings failed; ranking offline');
      return hits;
    }
  }

  async function answerText(workspaceId: string, settings: repo.BotSettingsRecord, articleId: string, question: string, locale: KbLocale): Promise<string | undefined> {
    const article = await deps.kb.getLiveArticle(workspaceId, articleId);
    if (!article) return undefined;
    if (settings.providerUrl && settings.useDrafts) {
      try {
        const provider = createProviderClient({ url: settings.providerUrl, key: settings.providerKey, model: settings.providerModel, embeddingModel: settings.embeddingModel }, fetchImpl);
        return await provider.draftAnswer({ question, title: article.title, body: article.bodyText, locale });
      } catch (error) {
        deps.logger?.warn({ err: error, workspaceId }, 'provider draft failed; answering with the article');
      }
    }
    return answerFromArticle(article);
  }

  return {
    /**
     * Decides the reply to a message. `sql` reads the bot's own configuration (a transaction when called from one);
     * `pendingIntentId` is the lookup still waiting for its slot from an earlier message.
     */
    async reply(sql: Sql, input: { workspaceId: string; message: string; locale: KbLocale; pendingIntentId: string | null }, texts: ReplyTexts): Promise<Reply> {
      const { workspaceId, message, locale } = input;
      const settings = await repo.selectSettings(sql, workspaceId);
      if (!settings.isEnabled) return { outcome: 'handoff', reason: 'disabled', guess: null, confidence: 0, articleId: null, intentId: null };

      const pending = input.pendingIntentId ? await matchers.intent(sql, workspaceId, input.pendingIntentId) : undefined;
      const requested = asksForHuman(message, settings.handoffWords);
      if (!requested && pending?.lookup && extractSlot(message, pending.lookup.slotPattern)) return this.lookup(pending, message, locale, texts);

      const matches = await matchers.match(sql, workspaceId, message);
      const hits = await deps.kb.findAnswers(workspaceId, message, { locale, publicOnly: true, limit: CANDIDATES, record: true });
      const learning = await repo.selectLearning(sql, workspaceId, 'article', [...new Set([...hits.map((hit) => hit.id), ...matches.learnedArticles.keys()])]);
      let ranked = hits.map((hit) => ({ hit, confidence: adjustConfidence(Math.max(hit.confidence, matches.learnedArticles.get(hit.id) ?? 0), learning.get(hit.id)) }));
      // An article an agent named for a question like this one counts even when search ranks it low.
      for (const [articleId, closeness] of matches.learnedArticles) {
        if (ranked.some(({ hit }) => hit.id === articleId)) continue;
        const article = await deps.kb.getLiveArticle(workspaceId, articleId);
        if (article && article.visibility === 'public') {
          ranked.push({ hit: { id: article.id, title: article.title, slug: article.slug, snippet: '', score: 0, coverage: closeness, confidence: closeness, locale: article.locale, visibility: 'public', categoryId: '', translationGroup: article.id }, confidence: adjustConfidence(closeness, learning.get(articleId)) });
        }
      }
      ranked.sort((a, b) => b.confidence - a.confidence);
      if (!requested) ranked = await rerank(workspaceId, settings, message, ranked);

      let intent: (Candidate & { action: 'reply' | 'lookup' | 'handoff' }) | undefined;
      if (matches.intent) {
        const intentLearning = await repo.selectLearning(sql, workspaceId, 'intent', [matches.intent.intent.id]);
        intent = { id: matches.intent.intent.id, confidence: adjustConfidence(matches.intent.confidence, intentLearning.get(matches.intent.intent.id)), action: matches.intent.intent.action };
      }
      const decision: Decision = decide({
        asksForHuman: requested, intent, articles: ranked.map(({ hit, confidence }) => ({ id: hit.id, confidence })), answerThreshold: settings.answerThreshold, suggestThreshold: settings.suggestThreshold,
      });
      const guessOf = (candidate: Candidate | null): Guess | null => {
        if (!candidate) return null;
        if (candidate.id === matches.intent?.intent.id) return { kind: 'intent', id: candidate.id, title: matches.intent.intent.name, confidence: candidate.confidence };
        const article = ranked.find(({ hit }) => hit.id === candidate.id);
        return article ? { kind: 'article', id: candidate.id, title: article.hit.title, confidence: candidate.confidence } : null;
      };

      if (decision.kind === 'handoff') {
        const guess = guessOf(decision.guess);
        return { outcome: 'handoff', reason: decision.reason, guess, confidence: guess?.confidence ?? 0, articleId: guess?.kind === 'article' ? guess.id : null, intentId: guess?.kind === 'intent' ? guess.id : null };
      }
      if (decision.kind === 'intent') {
        const record = matches.intent!.intent;
        if (decision.action === 'lookup' && record.lookup) {
          if (!extractSlot(message, record.lookup.slotPattern)) {
            const ask = (locale === 'zh-CN' ? record.lookup.askZh : record.lookup.askEn) || texts.t('bot.ask_slot');
            return { outcome: 'lookup', answer: ask, intentId: record.id, confidence: decision.confidence, articleId: null, pendingIntentId: record.id };
          }
          return this.lookup(record, message, locale, texts, decision.confidence);
        }
        const answer = (locale === 'zh-CN' ? record.replyZh : record.replyEn) || record.replyZh || record.replyEn;
        return { outcome: 'lookup', answer, intentId: record.id, confidence: decision.confidence, articleId: null, pendingIntentId: null };
      }
      if (decision.kind === 'answer') {
        const answer = await answerText(workspaceId, settings, decision.articleId, message, locale);
        if (answer !== undefined) return { outcome: 'answered', answer, articleId: decision.articleId, confidence: decision.confidence, intentId: null };
      }
      const offered = decision.kind === 'suggest' ? decision.articleIds : ranked.slice(0, 3).map(({ hit }) => hit.id);
      const suggestions = offered.map((id) => ranked.find(({ hit }) => hit.id === id)!.hit).map((hit) => ({ id: hit.id, title: hit.title, slug: hit.slug }));
      return { outcome: 'suggested', answer: texts.t('bot.suggest_intro'), suggestions, confidence: decision.confidence, articleId: null, intentId: null };
    },

    async lookup(intent: repo.IntentRecord, message: string, locale: KbLocale, texts: ReplyTexts, confidence = 1): Promise<Reply> {
      const config = intent.lookup!;
      const slot = extractSlot(message, config.slotPattern)!;
      const result = await runLookup(config, slot, locale, fetchImpl);
      if (result.ok) return { outcome: 'lookup', answer: result.answer, intentId: intent.id, confidence, articleId: null, pendingIntentId: null };
      if (result.reason === 'not_found') return { outcome: 'lookup', answer: texts.t('bot.lookup_not_found', { slot }), intentId: intent.id, confidence, articleId: null, pendingIntentId: intent.id };
      return { outcome: 'handoff', reason: 'lookup_failed', guess: { kind: 'intent', id: intent.id, title: intent.name, confidence }, confidence, articleId: null, intentId: intent.id };
    },
  };
}

export type Responder = ReturnType<typeof createResponder>;
