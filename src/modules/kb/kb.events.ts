import { typedOutbox } from '../../platform/outbox.ts';
import type { ArticleVisibility, KbLocale } from '../../contracts/kb.ts';

/** Events of the knowledge base, aggregate `kb_article` (or `kb_case`), written in the same transaction as the change. */
export const KB_EVENTS = {
  submitted: 'kb.article_submitted',
  published: 'kb.article_published',
  rejected: 'kb.article_rejected',
  archived: 'kb.article_archived',
  used: 'kb.article_used',
  caseCreated: 'kb.case_created',
} as const;

export interface KbArticleEventPayload {
  articleId: string;
  title: string;
  locale: KbLocale;
  visibility: ArticleVisibility;
  version: number;
  /** The author, so a notification can reach them when a reviewer acts. */
  authorId: string | null;
  note: string | null;
}

export interface KbArticleUsedPayload {
  articleId: string;
  ticketId: string;
  userId: string | null;
}

export interface KbCaseCreatedPayload {
  caseId: string;
  source: string;
  sourceId: string | null;
  title: string;
}

/** Event type → payload. */
export interface KbEventPayloads {
  'kb.article_submitted': KbArticleEventPayload;
  'kb.article_published': KbArticleEventPayload;
  'kb.article_rejected': KbArticleEventPayload;
  'kb.article_archived': KbArticleEventPayload;
  'kb.article_used': KbArticleUsedPayload;
  'kb.case_created': KbCaseCreatedPayload;
}

export const kbOutbox = typedOutbox<KbEventPayloads>();
