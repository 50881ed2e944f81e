import { DislikeOutlined, LikeOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Col, Empty, Flex, Layout, List, Row, Segmented, Skeleton, theme } from 'antd';
import { useCallback } from 'react';
import { Link, Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { kbApi, SuggestSearch, useHelpArticle, useHelpCategory, useHelpFeedback, useHelpHome, useHelpSearch, type HelpArticleSummary } from '../../modules/kb/index.ts';
import { ErrorAlert, formatDate, problemText, StatusMessage, useLocale, usePreferences, useT, type KbLocale } from '../../shared/index.ts';

function useWorkspace(): string {
  return useParams().workspace ?? '';
}

function ArticleList({ items, workspace }: { items: HelpArticleSummary[]; workspace: string }) {
  const t = useT();
  return (
    <List
      dataSource={items}
      locale={{ emptyText: <Empty description={t('kb.help.noArticles')} /> }}
      renderItem={(item) => (
        <List.Item>
          <List.Item.Meta title={<Link to={`/help/${workspace}/${item.categorySlug}/${item.slug}`} translate="no">{item.title}</Link>} description={<span translate="no">{item.snippet}</span>} />
        </List.Item>
      )}
    />
  );
}

function HelpHome() {
  const t = useT();
  const workspace = useWorkspace();
  const locale = useLocale();
  const home = useHelpHome(workspace, locale);
  if (home.error) return <ErrorAlert error={home.error} />;
  if (!home.data) return <Skeleton active />;
  return (
    <Row gutter={[16, 16]}>
      {home.data.categories.filter((category) => !category.parentId).map((category) => (
        <Col key={category.id} xs={24} md={8}>
          <Card title={<Link to={`/help/${workspace}/${category.slug}`}>{category.name}</Link>}>{t('kb.help.articleCount', { n: category.articleCount })}</Card>
        </Col>
      ))}
    </Row>
  );
}

function HelpCategory() {
  const workspace = useWorkspace();
  const { category = '' } = useParams();
  const locale = useLocale();
  const listing = useHelpCategory(workspace, category, locale);
  if (listing.error) return <ErrorAlert error={listing.error} />;
  if (!listing.data) return <Skeleton active />;
  return (
    <>
      <h1>{listing.data.category.name}</h1>
      <ArticleList items={listing.data.articles} workspace={workspace} />
    </>
  );
}

function HelpSearch() {
  const t = useT();
  const workspace = useWorkspace();
  const locale = useLocale();
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const results = useHelpSearch(workspace, q, locale);
  return (
    <>
      <h1>{t('kb.help.resultsFor', { q })}</h1>
      <ErrorAlert error={results.error} />
      {results.isFetching ? <Skeleton active /> : <div data-testid="help-results"><ArticleList items={results.data ?? []} workspace={workspace} /></div>}
    </>
  );
}

function HelpArticlePage() {
  const t = useT();
  const workspace = useWorkspace();
  const { article: slug = '' } = useParams();
  const { token } = theme.useToken();
  const article = useHelpArticle(workspace, slug);
  const feedback = useHelpFeedback(workspace);
  if (article.error) return <ErrorAlert error={article.error} />;
  if (!article.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const data = article.data;
  return (
    <article>
      <Breadcrumb items={[{ title: <Link to={`/help/${workspace}`}>{t('kb.help.home')}</Link> }, { title: <Link to={`/help/${workspace}/${data.category.slug}`}>{data.category.name}</Link> }]} />
      <h1 translate="no" style={{ marginTop: 12 }}>{data.title}</h1>
      <div style={{ color: token.colorTextSecondary }}>{t('kb.help.updated', { date: formatDate(data.updatedAt) })}</div>
      {data.translations.map((variant) => (
        <Link key={variant.locale} to={`/help/${workspace}/${data.category.slug}/${variant.slug}`} lang={variant.locale} translate="no">{variant.title}</Link>
      ))}
      {data.summary && <p style={{ fontSize: 16 }} translate="no">{data.summary}</p>}
      {/* The server keeps only an allow-listed HTML subset of every article (src/modules/kb/article-html.ts). */}
      <div className="help-article-body" translate="no" style={{ lineHeight: 1.8 }} dangerouslySetInnerHTML={{ __html: data.bodyHtml }} />
      {data.attachments.length > 0 && (
        <List size="small" header={t('kb.help.files')} dataSource={data.attachments} renderItem={(file) => <List.Item><a href={file.url} translate="no"><PaperClipOutlined aria-hidden /> {file.filename}</a></List.Item>} />
      )}
      <Card size="small" style={{ marginTop: 24 }} data-testid="help-feedback">
        {feedback.data ? (
          <span role="status">{t('kb.help.thanks')}</span>
        ) : (
          <Flex align="center" gap={12} wrap>
            <span>{t('kb.help.wasHelpful')}</span>
            <Button icon={<LikeOutlined aria-hidden />} loading={feedback.isPending && feedback.variables?.helpful} onClick={() => feedback.mutate({ articleId: data.id, helpful: true })}>{t('kb.help.yes')}</Button>
            <Button icon={<DislikeOutlined aria-hidden />} loading={feedback.isPending && feedback.variables?.helpful === false} onClick={() => feedback.mutate({ articleId: data.id, helpful: false })}>{t('kb.help.no')}</Button>
            {feedback.error && <span role="alert">{problemText(feedback.error, t)}</span>}
          </Flex>
        )}
      </Card>
    </article>
  );
}

function HelpShell() {
  const t = useT();
  const workspace = useWorkspace();
  const locale = useLocale();
  const navigate = useNavigate();
  const { setLocale } = usePreferences();
  const { token } = theme.useToken();
  const home = useHelpHome(workspace, locale);
  const suggest = useCallback((q: string) => kbApi.helpSuggest(workspace, q, locale), [workspace, locale]);
  if (home.error) return <StatusMessage title={t('kb.help.notFound')} description={t('kb.help.notFoundText')} />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <header style={{ background: token.colorPrimary, color: '#fff', padding: '24px 24px 28px' }}>
        <Flex justify="space-between" align="center" style={{ maxWidth: 960, margin: '0 auto 12px' }}>
          <Link to={`/help/${workspace}`} style={{ color: '#fff', fontSize: 20, fontWeight: 600 }} translate="no">{home.data?.workspace.name ?? ''} · {t('kb.help.title')}</Link>
          <Segmented size="small" translate="no" value={locale} onChange={(value) => setLocale(value as KbLocale)} options={[{ value: 'zh-CN', label: t('name.languageZh') }, { value: 'en', label: t('name.languageEn') }]} />
        </Flex>
        <div style={{ maxWidth: 960, margin: '0 auto' }}>
          <SuggestSearch placeholder={t('kb.help.searchPlaceholder')} label={t('kb.help.search')} suggest={suggest} onSearch={(q) => q.trim() && navigate(`/help/${workspace}/search?q=${encodeURIComponent(q.trim())}`)} testId="help-search" />
        </div>
      </header>
      <main id="main" style={{ maxWidth: 960, width: '100%', margin: '24px auto', padding: '0 24px' }}>
        <Routes>
          <Route index element={<HelpHome />} />
          <Route path="search" element={<HelpSearch />} />
          <Route path=":category" element={<HelpCategory />} />
          <Route path=":category/:article" element={<HelpArticlePage />} />
        </Routes>
      </main>
    </Layout>
  );
}

/** The public help center: `/help/<workspace>/<category>/<article>`, no sign-in. */
export default function HelpCenter() {
  return (
    <Routes>
      <Route path=":workspace/*" element={<HelpShell />} />
    </Routes>
  );
}
