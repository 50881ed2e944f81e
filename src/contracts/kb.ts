/**
 * The knowledge base's and the bot's closed vocabularies, shared by the server and the web app. Pure constants.
 */

/** An article's workflow: a draft is submitted for review, a reviewer publishes it or sends it back; archived leaves the help center. */
export const ARTICLE_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Public articles appear in the help center and the bot; internal ones only to agents. */
export const ARTICLE_VISIBILITIES = ['public', 'internal'] as const;
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];

/** The languages an article is written in; variants of one article in each are linked as translations. */
export const KB_LOCALES = ['zh-CN', 'en'] as const;
export type KbLocale = (typeof KB_LOCALES)[number];

/** What a workflow action is called on the wire (`POST /kb/articles/:id/<action>`). */
export const ARTICLE_ACTIONS = ['submit', 'approve', 'reject', 'archive', 'restore'] as const;
export type ArticleAction = (typeof ARTICLE_ACTIONS)[number];

/** Where a case came from. */
export const CASE_SOURCES = ['ticket', 'complaint', 'manual'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** Kinds of search result the unified search returns. */
export const SEARCH_SCOPES = ['articles', 'cases', 'tickets'] as const;
export type SearchScope = (typeof SEARCH_SCOPES)[number];

/** What an intent does when it is recognised. */
export const INTENT_ACTIONS = ['reply', 'lookup', 'handoff'] as const;
export type IntentAction = (typeof INTENT_ACTIONS)[number];

/** How the bot settled a customer's message. */
export const BOT_OUTCOMES = ['answered', 'suggested', 'handoff', 'lookup', 'greeting'] as const;
export type BotOutcome = (typeof BOT_OUTCOMES)[number];

/** Ticket sentiment as triage predicts it. */
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** A triage training run. */
export const TRAINING_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type TrainingState = (typeof TRAINING_STATES)[number];
