import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, List, Segmented, Table, Tabs, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../modules/identity/index.ts';
import { kbApi, SuggestSearch, useArticles, useCases, useKbSearch, type Article, type KbCase } from '../../modules/kb/index.ts';
import { ErrorAlert, labelOf, PageHeader, RelativeTime, useT, type ArticleStatus } from '../../shared/index.ts';

const STATUS_COLORS: Record<ArticleStatus, string> = { draft: 'default', in_review: 'processing', published: 'success', archived: 'warning' };

export function ArticleStatusTag({ status }: { status: ArticleStatus }) {
  const t = useT();
  return <Tag color={STATUS_COLORS[status]}>{labelOf(t, 'kb.status', status)}</Tag>;
}

function SearchResults({ q }: { q: string }) {
  const t = useT();
  const search = useKbSearch(q);
  if (search.error) return <ErrorAlert error={search.error} />;
  const result = search.data;
  if (!result) return null;
  const empty = result.articles.length + result.cases.length + result.tickets.length === 0;
  if (empty) return <Empty description={t('kb.search.none')} />;
  return (
    <Flex vertical gap={16} data-testid="kb-search-results">
      {result.articles.length > 0 && (
        <List header={t('kb.search.articles')} size="small" bordered dataSource={result.articles} renderItem={(hit) => (
          <List.Item>
            <List.Item.Meta title={<Link to={`/kb/articles/${hit.id}`} translate="no">{hit.title}</Link>} description={<span translate="no">{hit.snippet}</span>} />
          </List.Item>
        )} />
      )}
      {result.cases.length > 0 && (
        <List header={t('kb.search.cases')} size="small" bordered dataSource={result.cases} renderItem={(hit) => (
          <List.Item><List.Item.Meta title={<span translate="no">{hit.title}</span>} description={<span translate="no">{hit.snippet}</span>} /></List.Item>
        )} />
      )}
      {result.tickets.length > 0 && (
        <List header={t('kb.search.tickets')} size="small" bordered dataSource={result.tickets} renderItem={(ticket) => (
          <List.Item><Link to={`/tickets/${ticket.id}`}><span translate="no">{ticket.number} {ticket.subject}</span></Link></List.Item>
        )} />
      )}
    </Flex>
  );
}

function CaseList() {
  const t = useT();
  const cases = useCases();
  return (
    <>
      <ErrorAlert error={cases.error} />
      <Table<KbCase>
        rowKey="id"
        size="middle"
        loading={cases.isPending}
        dataSource={cases.data?.items ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (row) => (
          <div style={{ whiteSpace: 'pre-wrap' }} translate="no">
            <b>{t('kb.case.problem')}</b> {row.problem}{'\n'}<b>{t('kb.case.cause')}</b> {row.cause || '—'}{'\n'}<b>{t('kb.case.resolution')}</b> {row.resolution}{'\n'}<b>{t('kb.case.compensation')}</b> {row.compensation || '—'}
          </div>
        ) }}
        columns={[
          { title: t('kb.case.title'), dataIndex: 'title', render: (title: string) => <span translate="no">{title}</span> },
          { title: t('kb.case.source'), dataIndex: 'sourceNumber', width: 180, render: (number: string | null, row) => (number && row.sourceId ? <Link to={`/tickets/${row.sourceId}`}>{number}</Link> : '—') },
          { title: t('kb.updated'), dataIndex: 'updatedAt', width: 140, render: (value: string) => <RelativeTime value={value} /> },
        ]}
      />
    </>
  );
}

/** The knowledge base: search with suggestions across articles, cases and tickets; articles by workflow state; the case library. */
export default function KbPage() {
  const t = useT();
  const navigate = useNavigate();
  const { can } = useSession();
  const [status, setStatus] = useState<'all' | 'mine' | ArticleStatus>('all');
  const [q, setQ] = useState('');
  const articles = useArticles(status === 'all' ? {} : status === 'mine' ? { mine: true } : { status });
  const suggest = useCallback((text: string) => kbApi.suggest(text), []);

  return (
    <>
      <PageHeader
        title={t('kb.nav.articles')}
        subtitle={t('kb.subtitle')}
        extra={can('kb.write') && <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => navigate('/kb/articles/new')}>{t('kb.newArticle')}</Button>}
      />
      <div style={{ marginBottom: 16 }}>
        <SuggestSearch placeholder={t('kb.search.placeholder')} label={t('kb.search.label')} suggest={suggest} onSearch={(text) => setQ(text.trim())} testId="kb-search" />
      </div>
      {q ? (
        <>
          <Button type="link" onClick={() => setQ('')} style={{ paddingLeft: 0 }}>{t('kb.search.clear')}</Button>
          <SearchResults q={q} />
        </>
      ) : (
        <Tabs
          items={[
            {
              key: 'articles',
              label: t('kb.tab.articles'),
              children: (
                <>
                  <Segmented
                    aria-label={t('kb.filter')}
                    value={status}
                    onChange={(value) => setStatus(value as typeof status)}
                    style={{ marginBottom: 12 }}
                    options={[
                      { value: 'all', label: t('common.all') },
                      { value: 'mine', label: t('kb.filter.mine') },
                      { value: 'draft', label: labelOf(t, 'kb.status', 'draft') },
                      { value: 'in_review', label: labelOf(t, 'kb.status', 'in_review') },
                      { value: 'published', label: labelOf(t, 'kb.status', 'published') },
                      { value: 'archived', label: labelOf(t, 'kb.status', 'archived') },
                    ]}
                  />
                  <ErrorAlert error={articles.error} />
                  <Table<Article>
                    rowKey="id"
                    size="middle"
                    data-testid="kb-articles"
                    loading={articles.isPending}
                    dataSource={articles.data?.items ?? []}
                    pagination={false}
                    columns={[
                      { title: t('kb.field.title'), dataIndex: 'title', render: (title: string, row) => <Link to={`/kb/articles/${row.id}`} translate="no">{title}</Link> },
                      { title: t('kb.field.status'), dataIndex: 'status', width: 120, render: (value: ArticleStatus, row) => <Flex gap={4}><ArticleStatusTag status={value} />{row.isStale && <Tag color="red">{t('kb.stale')}</Tag>}</Flex> },
                      { title: t('kb.field.locale'), dataIndex: 'locale', width: 90, render: (value: string) => labelOf(t, 'kb.locale', value) },
                      { title: t('kb.field.visibility'), dataIndex: 'visibility', width: 100, render: (value: string) => labelOf(t, 'kb.visibility', value) },
                      { title: t('kb.updated'), dataIndex: 'updatedAt', width: 140, render: (value: string) => <RelativeTime value={value} /> },
                    ]}
                  />
                </>
              ),
            },
            { key: 'cases', label: t('kb.tab.cases'), children: <CaseList /> },
          ]}
        />
      )}
    </>
  );
}
