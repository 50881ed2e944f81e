import { Card, Col, Empty, List, Row, Statistic, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useFreshness, type Freshness } from '../../modules/kb/index.ts';
import { EChart, ErrorAlert, formatDate, labelOf, PageHeader, RelativeTime, useT } from '../../shared/index.ts';

/** Freshness of the knowledge base: new and revised articles per month against the target of 10, stale articles, most used, unanswered searches. */
export default function KbFreshnessPage() {
  const t = useT();
  const report = useFreshness();
  const data = report.data;
  return (
    <>
      <PageHeader title={t('kb.nav.freshness')} subtitle={t('kb.freshness.subtitle')} />
      <ErrorAlert error={report.error} />
      {data && (
        <>
          <Row gutter={12} style={{ marginBottom: 12 }}>
            {(['published', 'in_review', 'draft', 'archived'] as const).map((status) => (
              <Col key={status} xs={12} md={6}>
                <Card size="small"><Statistic title={labelOf(t, 'kb.status', status)} value={data.counts[status]} /></Card>
              </Col>
            ))}
          </Row>
          <Card size="small" title={t('kb.freshness.monthly')} style={{ marginBottom: 12 }}>
            <EChart
              height={260}
              label={t('kb.freshness.monthly')}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { data: [t('kb.freshness.created'), t('kb.freshness.revised'), t('kb.freshness.target')] },
                xAxis: { type: 'category', data: data.months.map((month) => month.month) },
                yAxis: { type: 'value', minInterval: 1 },
                series: [
                  { name: t('kb.freshness.created'), type: 'bar', stack: 'n', data: data.months.map((month) => month.created) },
                  { name: t('kb.freshness.revised'), type: 'bar', stack: 'n', data: data.months.map((month) => month.revised) },
                  { name: t('kb.freshness.target'), type: 'bar', barGap: '-100%', itemStyle: { opacity: 0.15 }, data: data.months.map((month) => month.target) },
                ],
              }}
            />
            <Table<Freshness['months'][number]>
              rowKey="month"
              size="small"
              pagination={false}
              dataSource={data.months}
              columns={[
                { title: t('kb.freshness.month'), dataIndex: 'month' },
                { title: t('kb.freshness.created'), dataIndex: 'created' },
                { title: t('kb.freshness.revised'), dataIndex: 'revised' },
                { title: t('kb.freshness.target'), dataIndex: 'target' },
                { title: '', dataIndex: 'met', render: (met: boolean) => (met ? <Tag color="success">{t('kb.freshness.met')}</Tag> : <Tag color="warning">{t('kb.freshness.missed')}</Tag>) },
              ]}
            />
          </Card>
          <Row gutter={12}>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('kb.freshness.stale')}>
                <List size="small" dataSource={data.stale} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.freshness.noneStale')} /> }} renderItem={(article) => (
                  <List.Item><Link to={`/kb/articles/${article.id}`} translate="no">{article.title}</Link> {article.reviewBy && <span>{formatDate(article.reviewBy)}</span>}</List.Item>
                )} />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('kb.freshness.mostUsed')}>
                <List size="small" dataSource={data.mostUsed} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }} renderItem={(row) => (
                  <List.Item><Link to={`/kb/articles/${row.articleId}`} translate="no">{row.title}</Link> <span>{t('kb.freshness.uses', { n: row.uses })}</span></List.Item>
                )} />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('kb.freshness.unanswered')}>
                <List size="small" dataSource={data.unanswered} locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }} renderItem={(row) => (
                  <List.Item><span translate="no">{row.query}</span> <span>{t('kb.freshness.searches', { n: row.searches })} · <RelativeTime value={row.lastAt} /></span></List.Item>
                )} />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </>
  );
}
