/**
 * The review workflow of an article, as a table: which action moves which status where, and what the actor must
 * be allowed. Authors write and submit (kb.write); reviewers publish, send back and archive (kb.review). A reviewer
 * does not publish their own submission unless they are an admin: a second pair of eyes is the point of review.
 */
import type { ArticleAction, ArticleStatus } from '../../contracts/kb.ts';
import type { Permission, Role } from '../../contracts/permissions.ts';

interface Move {
  from: readonly ArticleStatus[];
  to: ArticleStatus;
  permission: Permission;
}

export const ARTICLE_MOVES: Record<ArticleAction, Move> = {
  submit: { from: ['draft'], to: 'in_review', permission: 'kb.write' },
  approve: { from: ['in_review'], to: 'published', permission: 'kb.review' },
  reject: { from: ['in_review'], to: 'draft', permission: 'kb.review' },
  archive: { from: ['draft', 'in_review', 'published'], to: 'archived', permission: 'kb.review' },
  restore: { from: ['archived'], to: 'draft', permission: 'kb.review' },
};

export type WorkflowVerdict = { ok: true; to: ArticleStatus } | { ok: false; reason: 'not_allowed' | 'invalid_state' | 'own_submission' };

export interface WorkflowActor {
  userId: string | null;
  role: Role;
  can(permission: Permission): boolean;
}

export function decideArticleAction(action: ArticleAction, article: { status: ArticleStatus; submittedBy: string | null }, actor: WorkflowActor): WorkflowVerdict {
  const move = ARTICLE_MOVES[action];
  if (!actor.can(move.permission)) return { ok: false, reason: 'not_allowed' };
  if (!move.from.includes(article.status)) return { ok: false, reason: 'invalid_state' };
  if (action === 'approve' && actor.role !== 'admin' && article.submittedBy !== null && article.submittedBy === actor.userId) return { ok: false, reason: 'own_submission' };
  return { ok: true, to: move.to };
}

/**
 * Editing is writing a new draft: a draft stays a draft, an article in review goes back to draft (the reviewer
 * would otherwise approve what they did not read), a published one keeps its published version live while the new
 * draft is written. Archived articles are restored first.
 */
export function statusAfterEdit(status: ArticleStatus): ArticleStatus | undefined {
  return status === 'archived' ? undefined : 'draft';
}
