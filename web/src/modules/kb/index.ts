/** Knowledge base: articles, review, search with suggestions, agent assist, cases, freshness, and the help center's data. */
export { kbApi, type Article, type ArticleDetail, type ArticleHit, type Freshness, type HelpArticle, type HelpArticleSummary, type HelpHome, type InsertedArticle, type KbCase, type KbCategory, type Suggestion } from './api.ts';
export {
  kbKeys,
  useArticle,
  useArticleDiff,
  useArticles,
  useArticleVersions,
  useCaseOfTicket,
  useCases,
  useCreateArticle,
  useCreateCase,
  useFreshness,
  useHelpArticle,
  useHelpCategory,
  useHelpFeedback,
  useHelpHome,
  useHelpSearch,
  useKbCategories,
  useKbSearch,
  useMoveArticle,
  useRemoveArticleFile,
  useUpdateArticle,
  useUploadArticleFile,
} from './hooks.ts';
export { AssistPanel } from './components/assist-panel.tsx';
export { DiffView } from './components/diff-view.tsx';
export { RichTextEditor } from './components/rich-text-editor.tsx';
export { SuggestSearch } from './components/suggest-search.tsx';
