import { describe, expect, it } from 'vitest';
import type { ArticleAction, ArticleStatus } from '../../contracts/kb.ts';
import { ROLE_PERMISSIONS, type Role } from '../../contracts/permissions.ts';
import { decideArticleAction, statusAfterEdit } from './article-workflow.ts';

const actor = (role: Role, userId = 'u-reviewer') => ({ role, userId, can: (permission: Parameters<typeof ROLE_PERMISSIONS.admin.has>[0]) => ROLE_PERMISSIONS[role].has(permission) });

describe('decideArticleAction', () => {
  it.each<[ArticleAction, ArticleStatus, Role, string]>([
    ['submit', 'draft', 'agent', 'in_review'],
    ['approve', 'in_review', 'supervisor', 'published'],
    ['reject', 'in_review', 'supervisor', 'draft'],
    ['archive', 'published', 'supervisor', 'archived'],
    ['archive', 'draft', 'admin', 'archived'],
    ['restore', 'archived', 'admin', 'draft'],
  ])('%s from %s by %s → %s', (action, status, role, to) => {
    expect(decideArticleAction(action, { status, submittedBy: 'u-author' }, actor(role))).toEqual({ ok: true, to });
  });

  it.each<[ArticleAction, ArticleStatus, Role, string]>([
    ['approve', 'in_review', 'agent', 'not_allowed'],
    ['reject', 'in_review', 'agent', 'not_allowed'],
    ['archive', 'published', 'agent', 'not_allowed'],
    ['submit', 'draft', 'analyst', 'not_allowed'],
    ['submit', 'draft', 'specialist', 'not_allowed'],
    ['submit', 'in_review', 'agent', 'invalid_state'],
    ['approve', 'draft', 'supervisor', 'invalid_state'],
    ['approve', 'published', 'admin', 'invalid_state'],
    ['restore', 'draft', 'admin', 'invalid_state'],
    ['archive', 'archived', 'admin', 'invalid_state'],
  ])('%s from %s by %s is refused: %s', (action, status, role, reason) => {
    expect(decideArticleAction(action, { status, submittedBy: 'u-author' }, actor(role))).toEqual({ ok: false, reason });
  });

  it('a supervisor does not publish their own submission; an admin may', () => {
    expect(decideArticleAction('approve', { status: 'in_review', submittedBy: 'u-1' }, actor('supervisor', 'u-1'))).toEqual({ ok: false, reason: 'own_submission' });
    expect(decideArticleAction('approve', { status: 'in_review', submittedBy: 'u-1' }, actor('admin', 'u-1'))).toEqual({ ok: true, to: 'published' });
  });
});

describe('statusAfterEdit', () => {
  it.each<[ArticleStatus, ArticleStatus | undefined]>([
    ['draft', 'draft'],
    ['in_review', 'draft'],
    ['published', 'draft'],
    ['archived', undefined],
  ])('%s → %s', (status, expected) => {
    expect(statusAfterEdit(status)).toBe(expected);
  });
});
