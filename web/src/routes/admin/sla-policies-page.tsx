import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Popconfirm, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTeams } from '../../modules/identity/index.ts';
import { describeMinutes, PolicyEditor, useCalendars, useDeletePolicy, usePolicies, useReorderPolicies, useSavePolicy, type Policy } from '../../modules/sla/index.ts';
import { useTypeName } from '../../modules/tickets/index.ts';
import { ErrorAlert, labelOf, PageHeader, useT } from '../../shared/index.ts';

export default function SlaPoliciesPage() {
  const t = useT();
  const teams = useTeams();
  const typeName = useTypeName();
  const policies = usePolicies();
  const calendars = useCalendars();
  const reorder = useReorderPolicies();
  const setActive = useSavePolicy();
  const remove = useDeletePolicy();
  const [editing, setEditing] = useState<Policy | 'new'>();
  const units = { d: t('time.unit.d'), h: t('time.unit.h'), m: t('time.unit.m') };

  const move = (index: number, delta: number) => {
    const ids = (policies.data ?? []).map((p) => p.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + delta, 0, moved!);
    reorder.mutate(ids);
  };

  const conditionTags = (policy: Policy) => {
    const c = policy.conditions;
    const tags = [
      ...(c.priorities ?? []),
      ...(c.urgencies ?? []).map((urgency) => labelOf(t, 'urgency', urgency)),
      ...(c.types ?? []).map(typeName),
      ...(c.channels ?? []).map((channel) => labelOf(t, 'channel', channel)),
      ...(c.teamIds ?? []).map((id) => teams.data?.find((team) => team.id === id)?.name ?? '…'),
      ...(c.customerTags ?? []),
      ...(c.customerOrganizations ?? []),
    ];
    return tags.length === 0 ? <Tag>{t('policy.everyTicket')}</Tag> : tags.map((tag) => <Tag key={tag}>{tag}</Tag>);
  };

  return (
    <>
      <PageHeader
        title={t('nav.slaPolicies')}
        subtitle={t('policy.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('policy.create')}
          </Button>
        }
      />
      <ErrorAlert error={policies.error} />
      <Table<Policy>
        rowKey="id"
        loading={policies.isPending}
        dataSource={policies.data ?? []}
        pagination={false}
        scroll={{ x: 960 }}
        columns={[
          {
            title: t('policy.order'),
            key: 'order',
            width: 90,
            render: (_, policy, index) => (
              <Flex gap={2}>
                <Button size="small" type="text" aria-label={t('policy.moveUp', { name: policy.name })} icon={<ArrowUpOutlined aria-hidden />} disabled={index === 0} onClick={() => move(index, -1)} />
                <Button size="small" type="text" aria-label={t('policy.moveDown', { name: policy.name })} icon={<ArrowDownOutlined aria-hidden />} disabled={index === (policies.data?.length ?? 0) - 1} onClick={() => move(index, 1)} />
              </Flex>
            ),
          },
          { title: t('policy.name'), dataIndex: 'name', render: (name: string, policy) => (
              <div translate="no">
                <strong>{name}</strong>
                <div style={{ fontSize: 12, opacity: 0.65 }}>{policy.description}</div>
              </div>
            ),
          },
          { title: t('policy.appliesTo'), key: 'conditions', render: (_, policy) => conditionTags(policy) },
          {
            title: t('policy.targets'),
            key: 'targets',
            render: (_, policy) =>
              policy.targets.map((target) => (
                <div key={target.metric} style={{ whiteSpace: 'nowrap' }}>
                  {labelOf(t, 'metric', target.metric)} {describeMinutes(target.minutes, units)}
                  {target.businessTime ? ` · ${t('sla.businessHours')}` : ''}
                  {target.warn?.percentUsed ? ` · ${t('policy.warnAtPercent', { percent: target.warn.percentUsed })}` : ''}
                  {target.warn?.minutesBefore ? ` · ${t('policy.warnBefore', { time: describeMinutes(target.warn.minutesBefore, units) })}` : ''}
                </div>
              )),
          },
          { title: t('policy.calendar'), dataIndex: 'calendarId', width: 150, render: (id: string | null) => (id ? (calendars.data?.find((c) => c.id === id)?.name ?? '…') : t('policy.calendarDefault')) },
          {
            title: t('policy.active'),
            dataIndex: 'isActive',
            width: 80,
            render: (active: boolean, policy) => <Switch size="small" checked={active} aria-label={t('policy.active')} onChange={(isActive) => setActive.mutate({ policy, input: { isActive } })} />,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_, policy) => (
              <Flex gap={4}>
                <Button size="small" onClick={() => setEditing(policy)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('policy.deleteConfirm', { name: policy.name })} onConfirm={() => remove.mutate(policy.id)}>
                  <Button size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]}
      />
      <PolicyEditor open={!!editing} policy={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
