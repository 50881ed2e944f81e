import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type AuditEntry, identityApi, identityKeys, useUserNames } from '../../modules/identity/index.ts';
import { ErrorAlert, formatDateTime, labelOf, PageHeader, useT } from '../../shared/index.ts';

const PAGE = 50;

export default function AuditPage() {
  const t = useT();
  const userName = useUserNames();
  const [entityType, setEntityType] = useState<string>();
  const audit = useInfiniteQuery({
    queryKey: identityKeys.audit({ entityType }),
    queryFn: ({ pageParam }) => identityApi.auditLog({ entityType, before: pageParam, limit: PAGE }).then((r) => r.items),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1]?.id : undefined),
  });
  const rows = audit.data?.pages.flat() ?? [];

  return (
    <>
      <PageHeader title={t('nav.audit')} subtitle={t('audit.subtitle')} />
      <Space style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('audit.entityType')} aria-label={t('audit.entityType')} onSearch={(value) => setEntityType(value.trim() || undefined)} style={{ width: 240 }} />
      </Space>
      <ErrorAlert error={audit.error} />
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={audit.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 160, render: (value: string) => formatDateTime(value) },
          { title: t('audit.actor'), key: 'actor', width: 160, render: (_, entry) => (entry.actorId ? <span translate="no">{userName(entry.actorId)}</span> : <Tag>{labelOf(t, 'actorKind', entry.actorKind)}</Tag>) },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            width: 220,
            render: (value: string) => {
              const label = labelOf(t, 'auditAction', value);
              return label === value ? (
                <Typography.Text code translate="no">
                  {value}
                </Typography.Text>
              ) : (
                <span>{label}</span>
              );
            },
          },
          { title: t('audit.entity'), key: 'entity', width: 220, render: (_, entry) => <span translate="no">{`${entry.entityType}${entry.entityId ? ` · ${entry.entityId.slice(0, 8)}` : ''}`}</span> },
          {
            title: t('audit.details'),
            dataIndex: 'details',
            render: (details: object) => (
              <Typography.Text type="secondary" ellipsis translate="no">
                {JSON.stringify(details)}
              </Typography.Text>
            ),
          },
          { title: t('audit.ip'), dataIndex: 'ip', width: 120 },
        ]}
      />
      {audit.hasNextPage && (
        <Button style={{ marginTop: 12 }} onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
