import { Button, Flex, Segmented, Table } from 'antd';
import { useState } from 'react';
import { formatMoney, useLedger, useLedgerTotals, type LedgerRow } from '../../modules/complaints/index.ts';
import { ErrorAlert, formatDateTime, PageHeader, useT, type MessageKey } from '../../shared/index.ts';

const THIS_YEAR = { from: `${new Date().getFullYear()}-01-01T00:00:00Z`, to: `${new Date().getFullYear() + 1}-01-01T00:00:00Z` };
const GROUPS = ['month', 'cause', 'team', 'type'] as const;

/** The compensation ledger: totals by month, cause, team or type, every row, and the CSV export. */
export default function LedgerPage() {
  const t = useT();
  const [groupBy, setGroupBy] = useState<(typeof GROUPS)[number]>('month');
  const totals = useLedgerTotals(THIS_YEAR, groupBy);
  const rows = useLedger(THIS_YEAR);
  const label = (key: string | null) => (key === null ? '—' : groupBy === 'cause' ? t(`complaints.causes.${key}` as MessageKey) : groupBy === 'type' ? t(`complaints.types.${key}` as MessageKey) : key);
  return (
    <>
      <PageHeader title={t('complaints.nav.ledger')} />
      <ErrorAlert error={totals.error ?? rows.error} />
      <Flex gap={12} align="center" style={{ marginBottom: 12 }}>
        <Segmented value={groupBy} onChange={(value) => setGroupBy(value as (typeof GROUPS)[number])} options={GROUPS.map((value) => ({ value, label: t(`complaints.groupBy.${value}` as MessageKey) }))} />
        <Button href={`/api/v1/ledger/export.csv?from=${encodeURIComponent(THIS_YEAR.from)}&to=${encodeURIComponent(THIS_YEAR.to)}`}>{t('complaints.export')}</Button>
      </Flex>
      <Table
        data-testid="ledger-totals"
        rowKey={(row) => `${row.key}:${row.currency}`}
        size="small"
        pagination={false}
        dataSource={totals.data?.totals ?? []}
        columns={[
          { title: t('complaints.group'), render: (_value, row) => <span translate="no">{groupBy === 'team' ? (row.name ?? '—') : label(row.key)}</span> },
          { title: t('complaints.count'), dataIndex: 'count' },
          { title: t('complaints.amount'), render: (_value, row) => formatMoney(row.amountMinor, row.currency) },
        ]}
      />
      <h3>{t('complaints.rows')}</h3>
      <Table<LedgerRow>
        rowKey="id"
        size="small"
        dataSource={rows.data ?? []}
        columns={[
          { title: t('complaints.executedAt'), render: (_value, row) => formatDateTime(row.executedAt) },
          { title: t('complaints.ticket'), dataIndex: 'ticketNumber' },
          { title: t('complaints.compensationType'), render: (_value, row) => t(`complaints.types.${row.type}` as MessageKey) },
          { title: t('complaints.amount'), render: (_value, row) => formatMoney(row.amountMinor, row.currency) },
          { title: t('complaints.rootCause'), render: (_value, row) => t(`complaints.causes.${row.rootCause}` as MessageKey) },
          { title: t('complaints.approver'), render: (_value, row) => <span translate="no">{row.approverName ?? '—'}</span> },
        ]}
      />
    </>
  );
}

