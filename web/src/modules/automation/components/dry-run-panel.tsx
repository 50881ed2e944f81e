import { ExperimentOutlined } from '@ant-design/icons';
import { Button, Flex, Segmented, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert, formatDateTime, useT } from '../../../shared/index.ts';
import type { DryRun, RuleDraft } from '../api.ts';
import { useDryRun } from '../hooks.ts';
import { EffectList } from './effect-list.tsx';

type Period = 'last_month' | 'last_7_days' | 'last_30_days';

/** The period in the browser's calendar: "last month" is the whole previous calendar month. */
export function periodBounds(period: Period, now = new Date()): { from: string; to: string } {
  if (period === 'last_month') {
    return { from: new Date(now.getFullYear(), now.getMonth() - 1, 1).toISOString(), to: new Date(now.getFullYear(), now.getMonth(), 1).toISOString() };
  }
  const days = period === 'last_7_days' ? 7 : 30;
  return { from: new Date(now.getTime() - days * 86_400_000).toISOString(), to: now.toISOString() };
}

/** Runs the rule being edited (saved or not) over a past period: what it would have matched and done; nothing changes. */
export function DryRunPanel({ draft }: { draft: () => RuleDraft | undefined }) {
  const t = useT();
  const [period, setPeriod] = useState<Period>('last_month');
  const run = useDryRun();
  const result: DryRun | undefined = run.data;

  return (
    <Flex vertical gap={8} data-testid="dry-run-panel">
      <Flex gap={8} align="center" wrap>
        <Segmented
          size="small"
          value={period}
          onChange={(value) => setPeriod(value as Period)}
          options={[
            { value: 'last_month', label: t('automation.dryRun.lastMonth') },
            { value: 'last_7_days', label: t('automation.dryRun.last7') },
            { value: 'last_30_days', label: t('automation.dryRun.last30') },
          ]}
        />
        <Button
          icon={<ExperimentOutlined aria-hidden />}
          loading={run.isPending}
          onClick={() => {
            const rule = draft();
            if (rule) run.mutate({ rule, ...periodBounds(period) });
          }}
        >
          {t('automation.dryRun.run')}
        </Button>
      </Flex>
      <ErrorAlert error={run.error} />
      {result && (
        <>
          <strong data-testid="dry-run-summary">{t('automation.dryRun.summary', { matched: result.matched, scanned: result.scanned })}</strong>
          {result.truncated && <span>{t('automation.dryRun.truncated')}</span>}
          <Table
            size="small"
            rowKey="ticketId"
            dataSource={result.items}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('automation.dryRun.ticket'), key: 'ticket', width: 170, render: (_, item) => <Link to={`/tickets/${item.ticketId}`}>{item.number}</Link> },
              { title: t('automation.dryRun.subject'), dataIndex: 'subject' },
              { title: t('automation.dryRun.created'), key: 'created', width: 150, render: (_, item) => formatDateTime(item.createdAt) },
              { title: t('automation.dryRun.wouldDo'), key: 'effects', render: (_, item) => <EffectList effects={item.effects} /> },
            ]}
          />
        </>
      )}
    </Flex>
  );
}
