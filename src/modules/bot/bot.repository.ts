/** The only SQL on bot_settings, bot_intents, bot_conversations, bot_turns, bot_learning, bot_learned_phrases and bot_embeddings. */
import type { Sql } from '../../platform/db.ts';
import type { BotOutcome } from '../../contracts/kb.ts';
import type { LearningCounts } from './learning.ts';

export interface BotSettingsRecord {
  isEnabled: boolean;
  answerThreshold: number;
  suggestThreshold: number;
  calendarId: string | null;
  greetingEn: string;
  greetingZh: string;
  handoffWords: string[];
  emailAutoReply: boolean;
  providerUrl: string | null;
  providerKey: string | null;
  providerModel: string | null;
  embeddingModel: string | null;
  useEmbeddings: boolean;
  useDrafts: boolean;
  configVersion: number;
  updatedAt: Date | null;
}

export const DEFAULT_SETTINGS: BotSettingsRecord = {
  isEnabled: true, answerThreshold: 0.6, suggestThreshold: 0.25, calendarId: null, greetingEn: '', greetingZh: '', handoffWords: [], emailAutoReply: false,
  providerUrl: null, providerKey: null, providerModel: null, embeddingModel: null, useEmbeddings: false, useDrafts: false, configVersion: 0, updatedAt: null,
};

const SETTINGS_COLUMNS = `is_enabled AS "isEnabled", answer_threshold AS "answerThreshold", suggest_threshold AS "suggestThreshold", calendar_id AS "calendarId",
  greeting_en AS "greetingEn", greeting_zh AS "greetingZh", handoff_words AS "handoffWords", email_auto_reply AS "emailAutoReply", provider_url AS "providerUrl",
  provider_key AS "providerKey", provider_model AS "providerModel", embedding_model AS "embeddingModel", use_embeddings AS "useEmbeddings", use_drafts AS "useDrafts",
  config_version AS "configVersion", updated_at AS "updatedAt"`;

export async function selectSettings(sql: Sql, workspaceId: string): Promise<BotSettingsRecord> {
  return (await sql.query<BotSettingsRecord>(`SELECT ${SETTINGS_COLUMNS} FROM bot_settings WHERE workspace_id = $1`, [workspaceId]))[0] ?? DEFAULT_SETTINGS;
}

export async function selectConfigVersion(sql: Sql, workspaceId: string): Promise<number> {
  return (await sql.query<{ v: number }>(`SELECT config_version AS v FROM bot_settings WHERE workspace_id = $1`, [workspaceId]))[0]?.v ?? 0;
}

/** Writes the settings (creating the row) and bumps the configuration version; returns the stored settings. */
export async function upsertSettings(sql: Sql, workspaceId: string, settings: Omit<BotSettingsRecord, 'configVersion' | 'updatedAt'>, at: Date): Promise<BotSettingsRecord> {
  const rows = await sql.query<BotSettingsRecord>(
    `INSERT INTO bot_settings (workspace_id, is_enabled, answer_threshold, suggest_threshold, calendar_id, greeting_en, greeting_zh, handoff_words, email_auto_reply,
                               provider_url, provider_key, provider_model, embedding_model, use_embeddings, use_drafts, config_version, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16)
     ON CONFLICT (workspace_id) DO UPDATE SET is_enabled = EXCLUDED.is_enabled, answer_threshold = EXCLUDED.answer_threshold, suggest_threshold = EXCLUDED.suggest_threshold,
       calendar_id = EXCLUDED.calendar_id, greeting_en = EXCLUDED.greeting_en, greeting_zh = EXCLUDED.greeting_zh, handoff_words = EXCLUDED.handoff_words,
       email_auto_reply = EXCLUDED.email_auto_reply, provider_url = EXCLUDED.provider_url, provider_key = EXCLUDED.provider_key, provider_model = EXCLUDED.provider_model,
       embedding_model = EXCLUDED.embedding_model, use_embeddings = EXCLUDED.use_embeddings, use_drafts = EXCLUDED.use_drafts,
       config_version = bot_settings.config_version + 1, updated_at = EXCLUDED.updated_at
     RETURNING ${SETTINGS_COLUMNS}`,
    [workspaceId, settings.isEnabled, settings.answerThreshold, settings.suggestThreshold, settings.calendarId, settings.greetingEn, settings.greetingZh, settings.handoffWords,
      settings.emailAutoReply, settings.providerUrl, settings.providerKey, settings.providerModel, settings.embeddingModel, settings.useEmbeddings, settings.useDrafts, at],
  );
  return rows[0]!;
}

/** Intents and learned phrases changed: every node's matcher reloads. */
export async function bumpConfigVersion(sql: Sql, workspaceId: string, at: Date): Promise<void> {
  await sql.query(
    `INSERT INTO bot_settings (workspace_id, config_version, updated_at) VALUES ($1, 1, $2)
     ON CONFLICT (workspace_id) DO UPDATE SET config_version = bot_settings.config_version + 1`,
    [workspaceId, at],
  );
}

// ---- intents ----

export interface LookupConfig {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  slotName: string;
  slotPattern: string;
  answerEn: string;
  answerZh: string;
  askEn: string;
  askZh: string;
}

export interface IntentRecord {
  id: string;
  name: string;
  examples: string[];
  action: 'reply' | 'lookup' | 'handoff';
  replyEn: string;
  replyZh: string;
  lookup: LookupConfig | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const INTENT_COLUMNS = `id, name, examples, action, reply_en AS "replyEn", reply_zh AS "replyZh", lookup, is_active AS "isActive", created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function selectIntents(sql: Sql, workspaceId: string): Promise<IntentRecord[]> {
  return sql.query<IntentRecord>(`SELECT ${INTENT_COLUMNS} FROM bot_intents WHERE workspace_id = $1 ORDER BY name, id`, [workspaceId]);
}

export async function selectIntent(sql: Sql, workspaceId: string, id: string): Promise<IntentRecord | undefined> {
  return (await sql.query<IntentRecord>(`SELECT ${INTENT_COLUMNS} FROM bot_intents WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]))[0];
}

export async function upsertIntent(sql: Sql, workspaceId: string, intent: IntentRecord): Promise<void> {
  await sql.query(
    `INSERT INTO bot_intents (workspace_id, id, name, examples, action, reply_en, reply_zh, lookup, is_active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (workspace_id, id) DO UPDATE SET name = EXCLUDED.name, examples = EXCLUDED.examples, action = EXCLUDED.action, reply_en = EXCLUDED.reply_en,
       reply_zh = EXCLUDED.reply_zh, lookup = EXCLUDED.lookup, is_active = EXCLUDED.is_active, updated_at = EXCLUDED.updated_at`,
    [workspaceId, intent.id, intent.name, intent.examples, intent.action, intent.replyEn, intent.replyZh, intent.lookup === null ? null : JSON.stringify(intent.lookup), intent.isActive, intent.createdAt, intent.updatedAt],
  );
}

export async function deleteIntent(sql: Sql, workspaceId: string, id: string): Promise<boolean> {
  return (await sql.query(`DELETE FROM bot_intents WHERE workspace_id = $1 AND id = $2 RETURNING 1`, [workspaceId, id])).length > 0;
}

// ---- conversations and turns ----

export interface ConversationRecord {
  id: string;
  tokenHash: string;
  channel: 'widget' | 'portal' | 'email' | 'chat';
  locale: 'en' | 'zh-CN';
  visitorName: string | null;
  visitorEmail: string | null;
  status: 'open' | 'handed_off';
  pendingIntentId: string | null;
  ticketId: string | null;
  createdAt: Date;
}

const CONVERSATION_COLUMNS = `id, token_hash AS "tokenHash", channel, locale, visitor_name AS "visitorName", visitor_email AS "visitorEmail", status,
  pending_intent_id AS "pendingIntentId", ticket_id AS "ticketId", created_at AS "createdAt"`;

export async function insertConversation(sql: Sql, workspaceId: string, conversation: ConversationRecord): Promise<void> {
  await sql.query(
    `INSERT INTO bot_conversations (workspace_id, id, token_hash, channel, locale, visitor_name, visitor_email, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $8)`,
    [workspaceId, conversation.id, conversation.tokenHash, conversation.channel, conversation.locale, conversation.visitorName, conversation.visitorEmail, conversation.createdAt],
  );
}

/** For a conversation whose id another module chose (a live chat): two racing first turns insert it once. */
export async function insertConversationIfAbsent(sql: Sql, workspaceId: string, conversation: ConversationRecord): Promise<void> {
  await sql.query(
    `INSERT INTO bot_conversations (workspace_id, id, token_hash, channel, locale, visitor_name, visitor_email, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $8)
     ON CONFLICT (workspace_id, id) DO NOTHING`,
    [workspaceId, conversation.id, conversation.tokenHash, conversation.channel, conversation.locale, conversation.visitorName, conversation.visitorEmail, conversation.createdAt],
  );
}

export async function selectConversation(sql: Sql, workspaceId: string, id: string, forUpdate = false): Promise<ConversationRecord | undefined> {
  return (await sql.query<ConversationRecord>(`SELECT ${CONVERSATION_COLUMNS} FROM bot_conversations WHERE workspace_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]))[0];
}

export async function selectConversationOfTicket(sql: Sql, workspaceId: string, ticketId: string): Promise<ConversationRecord | undefined> {
  return (await sql.query<ConversationRecord>(`SELECT ${CONVERSATION_COLUMNS} FROM bot_conversations WHERE workspace_id = $1 AND ticket_id = $2 ORDER BY created_at DESC LIMIT 1`, [workspaceId, ticketId]))[0];
}

export async function updateConversation(sql: Sql, workspaceId: string, id: string, patch: { status?: 'handed_off'; pendingIntentId?: string | null; ticketId?: string }, at: Date): Promise<void> {
  await sql.query(
    `UPDATE bot_conversations SET status = coalesce($3, status), pending_intent_id = CASE WHEN $4::boolean THEN $5::uuid ELSE pending_intent_id END,
            ticket_id = coalesce($6, ticket_id), updated_at = $7 WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, patch.status ?? null, patch.pendingIntentId !== undefined, patch.pendingIntentId ?? null, patch.ticketId ?? null, at],
  );
}

export interface TurnRecord {
  id: string;
  conversationId: string;
  seq: number;
  question: string;
  outcome: BotOutcome;
  answer: string;
  articleId: string | null;
  intentId: string | null;
  confidence: number;
  suggestions: { id: string; title: string; slug: string }[];
  feedback: 'helpful' | 'not_helpful' | null;
  createdAt: Date;
}

const TURN_COLUMNS = `id, conversation_id AS "conversationId", seq, question, outcome, answer, article_id AS "articleId", intent_id AS "intentId", confidence, suggestions, feedback, created_at AS "createdAt"`;

export async function insertTurn(sql: Sql, workspaceId: string, turn: Omit<TurnRecord, 'seq' | 'feedback'>): Promise<TurnRecord> {
  const rows = await sql.query<TurnRecord>(
    `INSERT INTO bot_turns (workspace_id, id, conversation_id, seq, question, outcome, answer, article_id, intent_id, confidence, suggestions, created_at)
     SELECT $1, $2, $3, coalesce(max(seq), 0) + 1, $4, $5, $6, $7, $8, $9, $10, $11 FROM bot_turns WHERE workspace_id = $1 AND conversation_id = $3
     RETURNING ${TURN_COLUMNS}`,
    [workspaceId, turn.id, turn.conversationId, turn.question, turn.outcome, turn.answer, turn.articleId, turn.intentId, turn.confidence, JSON.stringify(turn.suggestions), turn.createdAt],
  );
  return rows[0]!;
}

export async function selectTurns(sql: Sql, workspaceId: string, conversationId: string): Promise<TurnRecord[]> {
  return sql.query<TurnRecord>(`SELECT ${TURN_COLUMNS} FROM bot_turns WHERE workspace_id = $1 AND conversation_id = $2 ORDER BY seq`, [workspaceId, conversationId]);
}

export async function selectTurn(sql: Sql, workspaceId: string, conversationId: string, id: string, forUpdate = false): Promise<TurnRecord | undefined> {
  return (await sql.query<TurnRecord>(`SELECT ${TURN_COLUMNS} FROM bot_turns WHERE workspace_id = $1 AND conversation_id = $2 AND id = $3${forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, conversationId, id]))[0];
}

export async function setTurnFeedback(sql: Sql, workspaceId: string, id: string, feedback: 'helpful' | 'not_helpful'): Promise<void> {
  await sql.query(`UPDATE bot_turns SET feedback = $3 WHERE workspace_id = $1 AND id = $2`, [workspaceId, id, feedback]);
}

// ---- learning ----

export async function addLearning(sql: Sql, workspaceId: string, target: { type: 'article' | 'intent'; id: string }, delta: Partial<LearningCounts>, at: Date): Promise<void> {
  await sql.query(
    `INSERT INTO bot_learning (workspace_id, target_type, target_id, helpful, not_helpful, handoffs, corrections, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (workspace_id, target_type, target_id) DO UPDATE SET helpful = bot_learning.helpful + EXCLUDED.helpful, not_helpful = bot_learning.not_helpful + EXCLUDED.not_helpful,
       handoffs = bot_learning.handoffs + EXCLUDED.handoffs, corrections = bot_learning.corrections + EXCLUDED.corrections, updated_at = EXCLUDED.updated_at`,
    [workspaceId, target.type, target.id, delta.helpful ?? 0, delta.notHelpful ?? 0, delta.handoffs ?? 0, delta.corrections ?? 0, at],
  );
}

export async function selectLearning(sql: Sql, workspaceId: string, type: 'article' | 'intent', ids: readonly string[]): Promise<Map<string, LearningCounts>> {
  if (ids.length === 0) return new Map();
  const rows = await sql.query<LearningCounts & { id: string }>(
    `SELECT target_id AS id, helpful, not_helpful AS "notHelpful", handoffs, corrections FROM bot_learning WHERE workspace_id = $1 AND target_type = $2 AND target_id = ANY($3::uuid[])`,
    [workspaceId, type, ids],
  );
  return new Map(rows.map(({ id, ...counts }) => [id, counts]));
}

export async function insertLearnedPhrase(sql: Sql, workspaceId: string, phrase: { id: string; targetType: 'article' | 'intent'; targetId: string; phrase: string; createdBy: string | null; at: Date }): Promise<void> {
  await sql.query(`INSERT INTO bot_learned_phrases (workspace_id, id, target_type, target_id, phrase, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    workspaceId, phrase.id, phrase.targetType, phrase.targetId, phrase.phrase, phrase.createdBy, phrase.at,
  ]);
}

export async function selectLearnedPhrases(sql: Sql, workspaceId: string): Promise<{ id: string; targetType: 'article' | 'intent'; targetId: string; phrase: string }[]> {
  return sql.query(`SELECT id, target_type AS "targetType", target_id AS "targetId", phrase FROM bot_learned_phrases WHERE workspace_id = $1`, [workspaceId]);
}

// ---- embeddings ----

export async function selectEmbeddings(sql: Sql, workspaceId: string, model: string, articleIds: readonly string[]): Promise<Map<string, { contentHash: string; vector: number[] }>> {
  if (articleIds.length === 0) return new Map();
  const rows = await sql.query<{ articleId: string; contentHash: string; vector: number[] }>(
    `SELECT article_id AS "articleId", content_hash AS "contentHash", vector FROM bot_embeddings WHERE workspace_id = $1 AND model = $2 AND article_id = ANY($3::uuid[])`,
    [workspaceId, model, articleIds],
  );
  return new Map(rows.map((row) => [row.articleId, { contentHash: row.contentHash, vector: row.vector }]));
}

export async function upsertEmbedding(sql: Sql, workspaceId: string, row: { articleId: string; model: string; contentHash: string; vector: number[]; at: Date }): Promise<void> {
  await sql.query(
    `INSERT INTO bot_embeddings (workspace_id, article_id, model, content_hash, vector, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (workspace_id, article_id, model) DO UPDATE SET content_hash = EXCLUDED.content_hash, vector = EXCLUDED.vector, created_at = EXCLUDED.created_at`,
    [workspaceId, row.articleId, row.model, row.contentHash, row.vector, row.at],
  );
}

// ---- metrics ----

export type MetricsChannel = 'widget' | 'portal' | 'chat' | 'email';

/**
 * Conversations per channel: the bot's own (widget, portal, chat) and the e-mails it decided on. An e-mail the bot
 * answered counts as settled by it, one it would not answer as handed off (the ticket stays with the agents).
 */
export async function selectMetrics(sql: Sql, workspaceId: string, from: Date, to: Date) {
  const channels = await sql.query<{ channel: MetricsChannel; total: number; handedOff: number; deflected: number }>(
    `SELECT c.channel, count(*)::int AS total, count(*) FILTER (WHERE c.status = 'handed_off')::int AS "handedOff",
            count(*) FILTER (WHERE c.status <> 'handed_off' AND EXISTS (SELECT 1 FROM bot_turns t WHERE t.workspace_id = c.workspace_id AND t.conversation_id = c.id AND t.outcome IN ('answered', 'lookup')))::int AS deflected
       FROM bot_conversations c WHERE c.workspace_id = $1 AND c.created_at >= $2 AND c.created_at <= $3 GROUP BY c.channel
     UNION ALL
     SELECT 'email', count(*)::int, count(*) FILTER (WHERE status = 'not_answered')::int, count(*) FILTER (WHERE status = 'answered')::int
       FROM bot_email_answers WHERE workspace_id = $1 AND created_at >= $2 AND created_at <= $3 AND status IN ('answered', 'not_answered')`,
    [workspaceId, from, to],
  );
  const outcomes = await sql.query<{ outcome: BotOutcome; n: number }>(
    `SELECT outcome, count(*)::int AS n FROM bot_turns WHERE workspace_id = $1 AND created_at >= $2 AND created_at <= $3 GROUP BY outcome`,
    [workspaceId, from, to],
  );
  const [feedback] = await sql.query<{ helpful: number; notHelpful: number }>(
    `SELECT count(*) FILTER (WHERE feedback = 'helpful')::int AS helpful, count(*) FILTER (WHERE feedback = 'not_helpful')::int AS "notHelpful"
       FROM bot_turns WHERE workspace_id = $1 AND created_at >= $2 AND created_at <= $3 AND outcome IN ('answered', 'lookup')`,
    [workspaceId, from, to],
  );
  return { channels, outcomes, feedback: feedback! };
}
