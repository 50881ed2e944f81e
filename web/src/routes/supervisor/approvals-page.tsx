import { Button, Flex, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatMoney, useComplaintMetrics, useDecide, usePendingCompensations, type Compensation } from '../../modules/complaints/index.ts';
import { ErrorAlert, formatDateTime, PageHeader, useT, type MessageKey } from '../../shared/index.ts';

const THIS_YEAR = { from: `${new Date().getFullYear()}-01-01T00:00:00Z`, to: `${new Date().getFullYear() + 1}-01-01T00:00:00Z` };

/** The supervisors' queue of compensations over the threshold, and the second-complaint rate against its target. */
export default function ApprovalsPage() {
  const t = useT();
  const pending = usePendingCompensations();
  const metrics = useComplaintMetrics(THIS_YEAR);
  const decide = useDecide();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  return (
    <>
      <PageHeader title={t('complaints.nav.approvals')} />
      <ErrorAlert error={pending.error} />
      {metrics.data && (
        <p data-testid="second-complaint-rate">
          {t('complaints.secondRate', { rate: metrics.data.secondComplaintRate ?? 0, target: metrics.data.targetPercent, total: metrics.data.total, repeats: metrics.data.repeats })}
        </p>
      )}
      <Table<Compensation>
        rowKey="id"
        loading={pending.isLoading}
        dataSource={pending.data ?? []}
        pagination={false}
        columns={[
          { title: t('complaints.ticket'), render: (_value, row) => <Link to={`/tickets/${row.ticketId}`}>{t('complaints.openTicket')}</Link> },
          { title: t('complaints.compensationType'), render: (_value, row) => t(`complaints.types.${row.type}` as MessageKey) },
          { title: t('complaints.amount'), render: (_value, row) => formatMoney(row.amountMinor, row.currency) },
          { title: t('complaints.description'), dataIndex: 'description', render: (value: string) => <span translate="no">{value}</span> },
          { title: t('complaints.proposedAt'), render: (_value, row) => formatDateTime(row.createdAt) },
          {
            title: '',
            render: (_value, row) => (
              <Flex gap={6}>
                <Button type="primary" size="small" onClick={() => decide.mutate({ id: row.id, approve: true })}>
                  {t('complaints.approve')}
                </Button>
                <Input size="small" style={{ width: 160 }} placeholder={t('complaints.rejectReason')} value={reasons[row.id] ?? ''} onChange={(event) => setReasons({ ...reasons, [row.id]: event.target.value })} />
                <Button size="small" danger disabled={!reasons[row.id]?.trim()} onClick={() => decide.mutate({ id: row.id, approve: false, reason: reasons[row.id] })}>
                  {t('complaints.reject')}
                </Button>
              </Flex>
            ),
          },
        ]}
      />
      {(pending.data ?? []).length === 0 && !pending.isLoading && <Tag>{t('complaints.nothingPending')}</Tag>}
    </>
  );
}
