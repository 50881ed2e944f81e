import { Button, Flex, Input, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAttempt, useCompleteFollowUp, useFollowUps, type FollowUp } from '../../modules/complaints/index.ts';
import { ErrorAlert, formatDateTime, PageHeader, useT, type MessageKey } from '../../shared/index.ts';

/** Follow-up visits (回访): soonest due first; record an unreachable attempt or the outcome. */
export default function FollowUpsPage() {
  const t = useT();
  const [status, setStatus] = useState('active');
  const list = useFollowUps(status);
  const attempt = useAttempt();
  const complete = useCompleteFollowUp();
  const [outcomes, setOutcomes] = useState<Record<string, string>>({});
  return (
    <>
      <PageHeader title={t('complaints.nav.followUps')} />
      <Segmented value={status} onChange={(value) => setStatus(String(value))} options={['active', 'done'].map((value) => ({ value, label: t(`complaints.followUpFilter.${value}` as MessageKey) }))} style={{ marginBottom: 12 }} />
      <ErrorAlert error={list.error} />
      <Table<FollowUp>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        columns={[
          { title: t('complaints.ticket'), render: (_value, row) => <Link to={`/tickets/${row.ticketId}`}>{row.ticketNumber}</Link> },
          { title: t('complaints.reason'), render: (_value, row) => t(`complaints.reasons.${row.reason}` as MessageKey) },
          { title: t('complaints.due'), render: (_value, row) => formatDateTime(row.dueAt) },
          { title: t('complaints.attempts'), dataIndex: 'attempts' },
          { title: t('complaints.state'), render: (_value, row) => <Tag>{t(`complaints.followUpStatuses.${row.status}` as MessageKey)}</Tag> },
          {
            title: '',
            render: (_value, row) =>
              row.status === 'done' ? (
                <span translate="no">{row.outcome}</span>
              ) : (
                <Flex gap={6} wrap>
                  <Input size="small" style={{ width: 200 }} placeholder={t('complaints.outcome')} value={outcomes[row.id] ?? ''} onChange={(event) => setOutcomes({ ...outcomes, [row.id]: event.target.value })} />
                  <Button size="small" type="primary" disabled={!outcomes[row.id]?.trim()} onClick={() => complete.mutate({ id: row.id, satisfied: true, outcome: outcomes[row.id]! })}>
                    {t('complaints.satisfied')}
                  </Button>
                  <Button size="small" disabled={!outcomes[row.id]?.trim()} onClick={() => complete.mutate({ id: row.id, satisfied: false, outcome: outcomes[row.id]! })}>
                    {t('complaints.unsatisfied')}
                  </Button>
                  <Button size="small" onClick={() => attempt.mutate({ id: row.id, note: outcomes[row.id] ?? '' })}>
                    {t('complaints.unreachable')}
                  </Button>
                </Flex>
              ),
          },
        ]}
      />
    </>
  );
}
