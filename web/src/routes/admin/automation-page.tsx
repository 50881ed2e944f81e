import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Divider, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { ActionsEditor, ConditionsEditor, DryRunPanel, RuleHistoryDrawer, triggerText, useCreateMacro, useDeleteMacro, useDeleteRule, useReorderRules, useMacros, useRules, useSaveRule, useToggleRule, type Macro, type Rule, type RuleAction, type RuleDraft } from '../../modules/automation/index.ts';
import { EVENT_TRIGGERS, MACRO_ACTION_TYPES, EditorDrawer, ErrorAlert, labelOf, PageHeader, TICKET_STATUSES, useT } from '../../shared/index.ts';

interface Draft extends Required<Pick<RuleDraft, 'trigger' | 'conditions' | 'actions'>> {
  name: string;
  stopFurther: boolean;
  isEnabled: boolean;
}

const EMPTY: Draft = { name: '', trigger: { kind: 'event', event: 'ticket.created' }, conditions: { match: 'all', conditions: [] }, actions: [{ type: 'add_tags', tags: [] }], stopFurther: false, isEnabled: false };

/** The admin's rule builder: rules in the order they run, each edited with its conditions, actions and a dry run. */
function RulesTab() {
  const t = useT();
  const rules = useRules();
  const toggle = useToggleRule();
  const remove = useDeleteRule();
  const save = useSaveRule();
  const reorder = useReorderRules();
  // Rules run in list order; moving one swaps it with its neighbour and saves the whole order in one request.
  const move = (index: number, step: -1 | 1) => {
    const ordered = [...(rules.data ?? [])];
    const [moved] = ordered.splice(index, 1);
    ordered.splice(index + step, 0, moved!);
    reorder.mutate(ordered);
  };
  const [editing, setEditing] = useState<Rule | 'new'>();
  // By id, so the drawer follows the rule's current version after a restore or an edit.
  const [historyOf, setHistoryOf] = useState<string>();
  const [draft, setDraft] = useState<Draft>(EMPTY);

  const open = (rule: Rule | 'new') => {
    setEditing(rule);
    setDraft(rule === 'new' ? EMPTY : { name: rule.name, trigger: rule.trigger, conditions: rule.conditions, actions: rule.actions, stopFurther: rule.stopFurther, isEnabled: rule.isEnabled });
  };
  const definition = (): RuleDraft => ({ trigger: draft.trigger, conditions: draft.conditions, actions: draft.actions, stopFurther: draft.stopFurther });
  const submit = () => save.mutate({ ...(editing && editing !== 'new' ? { id: editing.id, version: editing.version } : {}), name: draft.name, ...definition(), isEnabled: draft.isEnabled }, { onSuccess: () => setEditing(undefined) });
  const trigger = draft.trigger;

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => open('new')}>
          {t('automation.newRule')}
        </Button>
      </Flex>
      <ErrorAlert error={rules.error} />
      <Table<Rule>
        rowKey="id"
        loading={rules.isPending}
        dataSource={rules.data ?? []}
        pagination={false}
        columns={[
          {
            title: t('automation.order'),
            key: 'order',
            width: 110,
            render: (_, rule, index) => (
              <Space size={2}>
                <span style={{ minWidth: 24, display: 'inline-block' }}>{index + 1}</span>
                <Button size="small" type="text" icon={<ArrowUpOutlined aria-hidden />} aria-label={t('automation.moveUp', { name: rule.name })} disabled={index === 0 || reorder.isPending} onClick={() => move(index, -1)} />
                <Button size="small" type="text" icon={<ArrowDownOutlined aria-hidden />} aria-label={t('automation.moveDown', { name: rule.name })} disabled={index === (rules.data?.length ?? 0) - 1 || reorder.isPending} onClick={() => move(index, 1)} />
              </Space>
            ),
          },
          { title: t('automation.name'), key: 'name', render: (_, rule) => <><strong>{rule.name}</strong>{rule.isDefault && <Tag style={{ marginInlineStart: 8 }}>{t('automation.default')}</Tag>}</> },
          { title: t('automation.trigger'), key: 'trigger', render: (_, rule) => triggerText(t, rule.trigger) },
          { title: t('automation.version'), dataIndex: 'version', width: 80 },
          {
            title: t('automation.enabled'),
            key: 'enabled',
            width: 100,
            render: (_, rule) => <Switch aria-label={t('automation.enableRule', { name: rule.name })} checked={rule.isEnabled} loading={toggle.isPending && toggle.variables?.id === rule.id} onChange={(isEnabled) => toggle.mutate({ id: rule.id, isEnabled })} />,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 230,
            render: (_, rule) => (
              <Flex gap={6}>
                <Button size="small" onClick={() => open(rule)}>{t('common.edit')}</Button>
                <Button size="small" onClick={() => setHistoryOf(rule.id)}>{t('automation.history.open')}</Button>
                <Popconfirm title={t('automation.deleteConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(rule.id)}>
                  <Button size="small" danger>{t('common.delete')}</Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]}
      />
      <RuleHistoryDrawer rule={rules.data?.find((rule) => rule.id === historyOf)} onClose={() => setHistoryOf(undefined)} />
      <EditorDrawer open={!!editing} onClose={() => setEditing(undefined)} title={editing === 'new' ? t('automation.newRule') : t('automation.editRule')} size={760} saving={save.isPending} onSave={submit}>
        <Form layout="vertical" name="automation-rule">
          <Form.Item label={t('automation.name')} required>
            <Input aria-label={t('automation.name')} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
          </Form.Item>
          <Form.Item label={t('automation.trigger')}>
            <Flex gap={8} align="center" wrap>
              <Select
                style={{ width: 240 }}
                aria-label={t('automation.trigger')}
                value={trigger.kind === 'event' ? trigger.event : 'time'}
                onChange={(value: string) => setDraft({ ...draft, trigger: value === 'time' ? { kind: 'time', status: 'pending', hours: 48 } : { kind: 'event', event: value as (typeof EVENT_TRIGGERS)[number] } })}
                options={[...EVENT_TRIGGERS.map((event) => ({ value: event, label: labelOf(t, 'automation.trigger', event) })), { value: 'time', label: t('automation.trigger.time') }]}
              />
              {trigger.kind === 'time' && (
                <>
                  <Select style={{ width: 160 }} aria-label={t('automation.timeStatus')} value={trigger.status} onChange={(status) => setDraft({ ...draft, trigger: { ...trigger, status } })} options={TICKET_STATUSES.map((status) => ({ value: status, label: labelOf(t, 'status', status) }))} />
                  <InputNumber min={1} max={8760} aria-label={t('automation.hours')} value={trigger.hours} onChange={(hours) => setDraft({ ...draft, trigger: { ...trigger, hours: hours ?? 1 } })} addonAfter={t('automation.hoursUnit')} />
                </>
              )}
            </Flex>
          </Form.Item>
          <Form.Item label={t('automation.conditions')}>
            <ConditionsEditor value={draft.conditions} onChange={(conditions) => setDraft({ ...draft, conditions })} />
          </Form.Item>
          <Form.Item label={t('automation.actions')}>
            <ActionsEditor value={draft.actions as RuleAction[]} onChange={(actions) => setDraft({ ...draft, actions })} />
          </Form.Item>
          <Flex gap={24}>
            <Form.Item label={t('automation.stopFurther')}>
              <Switch aria-label={t('automation.stopFurther')} checked={draft.stopFurther} onChange={(stopFurther) => setDraft({ ...draft, stopFurther })} />
            </Form.Item>
            <Form.Item label={t('automation.enabled')}>
              <Switch aria-label={t('automation.enabled')} checked={draft.isEnabled} onChange={(isEnabled) => setDraft({ ...draft, isEnabled })} />
            </Form.Item>
          </Flex>
        </Form>
        <Divider>{t('automation.dryRun.title')}</Divider>
        <DryRunPanel draft={definition} />
      </EditorDrawer>
    </>
  );
}

/** Macros: the shared ones an admin keeps (agents keep their own through the API). */
function MacrosTab() {
  const t = useT();
  const macros = useMacros();
  const remove = useDeleteMacro();
  const create = useCreateMacro();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [actions, setActions] = useState<RuleAction[]>([{ type: 'add_reply', body: '' }]);

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
          {t('automation.newMacro')}
        </Button>
      </Flex>
      <ErrorAlert error={macros.error} />
      <Table<Macro>
        rowKey="id"
        loading={macros.isPending}
        dataSource={macros.data ?? []}
        pagination={false}
        columns={[
          { title: t('automation.name'), dataIndex: 'name' },
          { title: t('automation.macro.scope'), key: 'scope', width: 120, render: (_, macro) => (macro.isShared ? <Tag color="blue">{t('automation.macro.shared')}</Tag> : <Tag>{t('automation.macro.personal')}</Tag>) },
          { title: t('automation.actions'), key: 'actions', render: (_, macro) => macro.actions.map((action) => labelOf(t, 'automation.action', action.type)).join(' · ') },
          {
            title: t('common.actions'),
            key: 'remove',
            width: 100,
            render: (_, macro) => (
              <Popconfirm title={t('automation.deleteConfirm')} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(macro.id)}>
                <Button size="small" danger>{t('common.delete')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        width={680}
        title={t('automation.newMacro')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => create.mutate({ name, actions, isShared: true }, { onSuccess: () => { setOpen(false); setName(''); setActions([{ type: 'add_reply', body: '' }]); } })}
      >
        <Flex vertical gap={12}>
          <Input aria-label={t('automation.name')} placeholder={t('automation.name')} value={name} onChange={(event) => setName(event.target.value)} />
          <ActionsEditor value={actions} onChange={setActions} allowed={MACRO_ACTION_TYPES} />
        </Flex>
      </Modal>
    </>
  );
}

export default function AutomationPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t('automation.nav')} subtitle={t('automation.subtitle')} />
      <Tabs items={[{ key: 'rules', label: t('automation.rules'), children: <RulesTab /> }, { key: 'macros', label: t('automation.macros'), children: <MacrosTab /> }]} />
    </>
  );
}
