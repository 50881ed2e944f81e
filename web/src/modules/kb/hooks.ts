import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type ArticleAction, type KbLocale, type MutationFeedback } from '../../shared/index.ts';
import { kbApi, type ArticlePatch, type NewArticle, type NewCase } from './api.ts';

export const kbKeys = {
  all: ['kb'] as const,
  categories: ['kb', 'categories'] as const,
  list: (filter: object) => ['kb', 'articles', filter] as const,
  article: (id: string) => ['kb', 'article', id] as const,
  versions: (id: string) => ['kb', 'article', id, 'versions'] as const,
  diff: (id: string, from?: number, to?: number) => ['kb', 'article', id, 'diff', from, to] as const,
  assist: (ticketId: string) => ['kb', 'assist', ticketId] as const,
  freshness: ['kb', 'freshness'] as const,
  cases: ['kb', 'cases'] as const,
  caseOfTicket: (ticketId: string) => ['kb', 'cases', 'ticket', ticketId] as const,
  help: (workspace: string, ...rest: unknown[]) => ['kb', 'help', workspace, ...rest] as const,
};

export const useKbCategories = () => useQuery({ queryKey: kbKeys.categories, queryFn: kbApi.categories, staleTime: 60_000 });
export const useArticles = (filter: { status?: string; categoryId?: string; mine?: boolean; stale?: boolean }) => useQuery({ queryKey: kbKeys.list(filter), queryFn: () => kbApi.list(filter) });
export const useArticle = (id: string | undefined) => useQuery({ queryKey: kbKeys.article(id ?? ''), queryFn: () => kbApi.get(id!), enabled: Boolean(id) });
export const useArticleVersions = (id: string) => useQuery({ queryKey: kbKeys.versions(id), queryFn: () => kbApi.versions(id) });
export const useArticleDiff = (id: string, from?: number, to?: number, enabled = true) => useQuery({ queryKey: kbKeys.diff(id, from, to), queryFn: () => kbApi.diff(id, { from, to }), enabled });
export const useKbSearch = (q: string) => useQuery({ queryKey: ['kb', 'search', q], queryFn: () => kbApi.search(q), enabled: q.trim().length > 0 });
export const useAssist = (ticketId: string) => useQuery({ queryKey: kbKeys.assist(ticketId), queryFn: () => kbApi.assist(ticketId) });
export const useFreshness = () => useQuery({ queryKey: kbKeys.freshness, queryFn: () => kbApi.freshness(6) });
export const useCases = () => useQuery({ queryKey: kbKeys.cases, queryFn: kbApi.cases });
export const useCaseOfTicket = (ticketId: string) => useQuery({ queryKey: kbKeys.caseOfTicket(ticketId), queryFn: () => kbApi.caseOfTicket(ticketId) });
export const useHelpHome = (workspace: string, locale: KbLocale) => useQuery({ queryKey: kbKeys.help(workspace, 'home', locale), queryFn: () => kbApi.helpHome(workspace, locale) });
export const useHelpCategory = (workspace: string, category: string, locale: KbLocale) => useQuery({ queryKey: kbKeys.help(workspace, 'category', category, locale), queryFn: () => kbApi.helpCategory(workspace, category, locale) });
export const useHelpArticle = (workspace: string, slug: string) => useQuery({ queryKey: kbKeys.help(workspace, 'article', slug), queryFn: () => kbApi.helpArticle(workspace, slug) });
export const useHelpSearch = (workspace: string, q: string, locale: KbLocale) => useQuery({ queryKey: kbKeys.help(workspace, 'search', q, locale), queryFn: () => kbApi.helpSearch(workspace, q, locale), enabled: q.trim().length > 0 });

export function useCreateArticle(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (body: NewArticle) => kbApi.create(body), invalidates: [kbKeys.all] }, { success: 'kb.saved', ...feedback });
}

export function useUpdateArticle(id: string, feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: ({ version, patch }: { version: number; patch: ArticlePatch }) => kbApi.update(id, version, patch), invalidates: [kbKeys.all], refetchOnError: true }, { success: 'kb.saved', ...feedback });
}

export function useMoveArticle(id: string, feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: ({ action, note }: { action: ArticleAction; note?: string }) => kbApi.move(id, action, note ? { note } : {}), invalidates: [kbKeys.all] }, feedback);
}

export function useUploadArticleFile(id: string, feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (file: File) => kbApi.upload(id, file), invalidates: [kbKeys.article(id)] }, feedback);
}

export function useRemoveArticleFile(id: string, feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (attachmentId: string) => kbApi.removeAttachment(id, attachmentId), invalidates: [kbKeys.article(id)] }, feedback);
}

/** One-click insert: the article's text and copies of its files for the ticket's reply (the use is recorded). */
export function useInsertArticle(ticketId: string, feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (articleId: string) => kbApi.insert(articleId, ticketId) }, feedback);
}

export function useCreateCase(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (body: NewCase) => kbApi.createCase(body), invalidates: [kbKeys.cases] }, { success: 'kb.caseSaved', ...feedback });
}

export function useHelpFeedback(workspace: string, feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: ({ articleId, helpful }: { articleId: string; helpful: boolean }) => kbApi.helpFeedback(workspace, articleId, { helpful }) }, { inline: true, ...feedback });
}
