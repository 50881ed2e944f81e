/**
 * The workspace's intent matcher: every active intent's example phrases, and the questions agents told the bot
 * the right answer to (learned phrases), in one in-process index per node, rebuilt when the workspace's bot
 * configuration version moves (one small query per message).
 */
import type { Sql } from '../../platform/db.ts';
import { RankingIndex } from '../kb/index.ts';
import * as repo from './bot.repository.ts';

export interface MatchedIntent {
  intent: repo.IntentRecord;
  confidence: number;
}

export interface Matches {
  intent: MatchedIntent | undefined;
  /** Articles agents named as the answer to questions like this one, with how close the question is. */
  learnedArticles: Map<string, number>;
}

interface Matcher {
  version: number;
  index: RankingIndex;
  intents: Map<string, repo.IntentRecord>;
}

/** Identifiers (order, phone, tracking numbers) are slot values, not words of an intent: left out of matching. */
export const withoutIdentifiers = (message: string) => message.replace(/[A-Za-z-]*\d[\dA-Za-z-]{3,}/g, ' ');
const MAX_WORKSPACES = 64;
/** How close a message is to an example phrase: the share of the message the phrase covers. */
const closenessOf = (hit: { coverage: number }) => hit.coverage;

export class BotMatchers {
  readonly #cache = new Map<string, Matcher>();

  async match(sql: Sql, workspaceId: string, message: string): Promise<Matches> {
    const matcher = await this.#current(sql, workspaceId);
    const text = withoutIdentifiers(message);
    const learnedArticles = new Map<string, number>();
    let intent: MatchedIntent | undefined;
    for (const hit of matcher.index.search(text, { limit: 20 })) {
      const [kind, type, id] = hit.id.split(':') as [string, string, string];
      if (kind === 'i') {
        const record = matcher.intents.get(type);
        if (record && (!intent || closenessOf(hit) > intent.confidence)) intent = { intent: record, confidence: closenessOf(hit) };
      } else if (type === 'article') learnedArticles.set(id, Math.max(learnedArticles.get(id) ?? 0, closenessOf(hit)));
      else if (type === 'intent') {
        const record = matcher.intents.get(id);
        if (record && (!intent || closenessOf(hit) > intent.confidence)) intent = { intent: record, confidence: closenessOf(hit) };
      }
    }
    return { intent, learnedArticles };
  }

  async intent(sql: Sql, workspaceId: string, id: string): Promise<repo.IntentRecord | undefined> {
    return (await this.#current(sql, workspaceId)).intents.get(id);
  }

  async #current(sql: Sql, workspaceId: string): Promise<Matcher> {
    const version = await repo.selectConfigVersion(sql, workspaceId);
    const cached = this.#cache.get(workspaceId);
    if (cached && cached.version === version) return cached;
    const [intents, phrases] = await Promise.all([repo.selectIntents(sql, workspaceId), repo.selectLearnedPhrases(sql, workspaceId)]);
    const index = new RankingIndex();
    const active = intents.filter((intent) => intent.isActive);
    for (const intent of active) intent.examples.forEach((example, n) => index.upsert(`i:${intent.id}:${n}`, { title: withoutIdentifiers(example) }));
    for (const phrase of phrases) index.upsert(`p:${phrase.targetType}:${phrase.targetId}:${phrase.id}`, { title: withoutIdentifiers(phrase.phrase) });
    const matcher = { version, index, intents: new Map(active.map((intent) => [intent.id, intent])) };
    this.#cache.delete(workspaceId);
    this.#cache.set(workspaceId, matcher);
    if (this.#cache.size > MAX_WORKSPACES) this.#cache.delete(this.#cache.keys().next().value!);
    return matcher;
  }
}
