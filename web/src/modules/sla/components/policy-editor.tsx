import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Select, Switch, theme } from 'antd';
import { useEffect, useMemo } from 'react';
import { CHANNELS, EditorDrawer, ESCALATION_ACTIONS, ESCALATION_TRIGGERS, labelOf, METRICS, PRIORITIES, URGENCIES, useLocale, useT } from '../../../shared/index.ts';
import { useTeams, useUsers } from '../../identity/index.ts';
import { useTicketTypes } from '../../tickets/index.ts';
import type { Policy, PolicyInput, PolicyTarget } from '../api.ts';
import { useCalendars, useSavePolicy } from '../hooks.ts';

interface TargetRow extends PolicyTarget {
  warnMode?: 'percent' | 'minutes' | 'none';
}

interface PolicyForm extends Omit<PolicyInput, 'targets'> {
  targets: TargetRow[];
}

function toForm(policy: Policy | undefined): PolicyForm {
  return {
    name: policy?.name ?? '',
    description: policy?.description ?? '',
    isActive: policy?.isActive ?? true,
    conditions: policy?.conditions ?? {},
    targets: (policy?.targets ?? [{ metric: 'first_response', minutes: 15, businessTime: true, warn: { percentUsed: 80 } }]).map((target) => ({
      ...target,
      warnMode: target.warn?.percentUsed !== undefined ? 'percent' : target.warn?.minutesBefore !== undefined ? 'minutes' : 'none',
    })),
    calendarId: policy?.calendarId ?? null,
    countBotReplies: policy?.countBotReplies ?? false,
    reopenRestartsResolution: policy?.reopenRestartsResolution ?? true,
    escalation: policy?.escalation ?? [],
  };
}

function toInput(values: PolicyForm): PolicyInput {
  const conditions = Object.fromEntries(Object.entries(values.conditions ?? {}).filter(([, list]) => Array.isArray(list) && list.length > 0));
  return {
    ...values,
    conditions,
    targets: values.targets.map(({ warnMode, warn, ...target }) => ({
      ...target,
      ...(warnMode === 'percent' && warn?.percentUsed !== undefined ? { warn: { percentUsed: warn.percentUsed } } : {}),
      ...(warnMode === 'minutes' && warn?.minutesBefore !== undefined ? { warn: { minutesBefore: warn.minutesBefore } } : {}),
    })),
    escalation: (values.escalation ?? []).map((step) => Object.fromEntries(Object.entries(step).filter(([, value]) => value !== undefined && value !== null && value !== '')) as typeof step),
  };
}

/** "1440 min" reads better as "1 d": shown next to the minutes field. */
export function describeMinutes(minutes: number | undefined, units: { d: string; h: string; m: string }): string {
  if (!minutes || minutes <= 0) return '';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days}${units.d}` : '', hours ? `${hours}${units.h}` : '', rest ? `${rest}${units.m}` : ''].filter(Boolean).join(' ');
}

/** Creates or edits an SLA policy: which tickets it covers, its targets with warning points, its calendar and escalations. */
export function PolicyEditor({ policy, open, onClose }: { policy?: Policy; open: boolean; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const { token } = theme.useToken();
  const [form] = Form.useForm<PolicyForm>();
  const teams = useTeams();
  const users = useUsers();
  const types = useTicketTypes();
  const calendars = useCalendars();
  const save = useSavePolicy({ form });
  const initial = useMemo(() => toForm(policy), [policy]);
  const targets = Form.useWatch('targets', form) as TargetRow[] | undefined;
  const units = { d: t('time.unit.d'), h: t('time.unit.h'), m: t('time.unit.m') };

  useEffect(() => {
    if (open) form.setFieldsValue(initial);
  }, [open, initial, form]);

  const submit = (values: PolicyForm) => save.mutate(policy ? { policy, input: toInput(values) } : { input: toInput(values) }, { onSuccess: onClose });

  const metricOptions = METRICS.map((metric) => ({ value: metric, label: labelOf(t, 'metric', metric) }));
  return (
    <EditorDrawer open={open} onClose={onClose} size={720} title={policy ? t('policy.editTitle', { name: policy.name }) : t('policy.create')} saving={save.isPending} onSave={() => form.submit()} forceRender>
      <Form form={form} layout="vertical" name="policy" initialValues={initial} onFinish={submit}>
        <Flex gap={12}>
          <Form.Item name="name" label={t('policy.name')} style={{ flex: 1 }} rules={[{ required: true, message: t('form.required') }]}>
            <Input placeholder={t('policy.nameExample')} />
          </Form.Item>
          <Form.Item name="isActive" label={t('policy.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Form.Item name="description" label={t('policy.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <fieldset style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadiusLG, padding: '8px 12px 0', marginBottom: 16 }}>
          <legend style={{ fontSize: 14, padding: '0 6px', width: 'auto', border: 0, margin: 0 }}>{t('policy.appliesTo')}</legend>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 12 }}>
            <Form.Item name={['conditions', 'priorities']} label={t('ticket.priority')}>
              <Select mode="multiple" allowClear placeholder={t('common.any')} options={PRIORITIES.map((p) => ({ value: p, label: `${p} · ${labelOf(t, 'priority', p)}` }))} />
            </Form.Item>
            <Form.Item name={['conditions', 'urgencies']} label={t('ticket.urgency')}>
              <Select mode="multiple" allowClear placeholder={t('common.any')} options={URGENCIES.map((u) => ({ value: u, label: labelOf(t, 'urgency', u) }))} />
            </Form.Item>
            <Form.Item name={['conditions', 'types']} label={t('ticket.type')}>
              <Select mode="multiple" allowClear placeholder={t('common.any')} options={(types.data ?? []).map((type) => ({ value: type.key, label: type.names[locale] }))} />
            </Form.Item>
            <Form.Item name={['conditions', 'channels']} label={t('ticket.channel')}>
              <Select mode="multiple" allowClear placeholder={t('common.any')} options={CHANNELS.map((c) => ({ value: c, label: labelOf(t, 'channel', c) }))} />
            </Form.Item>
            <Form.Item name={['conditions', 'teamIds']} label={t('ticket.team')}>
              <Select mode="multiple" allowClear placeholder={t('common.any')} optionFilterProp="label" options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))} />
            </Form.Item>
            <Form.Item name={['conditions', 'customerTags']} label={t('policy.customerTags')}>
              <Select mode="tags" allowClear placeholder={t('common.any')} open={false} />
            </Form.Item>
            <Form.Item name={['conditions', 'customerOrganizations']} label={t('policy.customerOrganizations')}>
              <Select mode="tags" allowClear placeholder={t('common.any')} open={false} />
            </Form.Item>
          </div>
        </fieldset>
        <Form.Item label={t('policy.targets')} extra={t('policy.targetsHint')}>
          <Form.List name="targets">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field, index) => {
                  const row = targets?.[index];
                  return (
                    <div key={field.key} data-testid="policy-target" style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadius, padding: '8px 10px' }}>
                      <Flex gap={8} align="flex-start" wrap>
                        <Form.Item name={[field.name, 'metric']} label={t('policy.metric')} style={{ marginBottom: 4, width: 150 }}>
                          <Select options={metricOptions} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'minutes']} label={t('policy.minutes')} style={{ marginBottom: 4 }} extra={describeMinutes(row?.minutes, units)}>
                          <InputNumber min={1} style={{ width: 110 }} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'businessTime']} label={t('policy.businessTime')} valuePropName="checked" style={{ marginBottom: 4 }}>
                          <Switch size="small" />
                        </Form.Item>
                        <Form.Item name={[field.name, 'warnMode']} label={t('policy.warnAt')} style={{ marginBottom: 4, width: 150 }}>
                          <Select
                            options={[
                              { value: 'percent', label: t('policy.warnPercent') },
                              { value: 'minutes', label: t('policy.warnMinutes') },
                              { value: 'none', label: t('policy.warnNone') },
                            ]}
                          />
                        </Form.Item>
                        {row?.warnMode === 'percent' && (
                          <Form.Item name={[field.name, 'warn', 'percentUsed']} label="%" style={{ marginBottom: 4 }}>
                            <InputNumber min={1} max={99} style={{ width: 80 }} />
                          </Form.Item>
                        )}
                        {row?.warnMode === 'minutes' && (
                          <Form.Item name={[field.name, 'warn', 'minutesBefore']} label={t('policy.minutesBefore')} style={{ marginBottom: 4 }}>
                            <InputNumber min={1} style={{ width: 100 }} />
                          </Form.Item>
                        )}
                        <Button type="text" aria-label={t('common.remove')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(field.name)} style={{ marginTop: 28 }} />
                      </Flex>
                    </div>
                  );
                })}
                <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ metric: METRICS.find((m) => !targets?.some((row) => row.metric === m)) ?? 'resolution', minutes: 60, businessTime: true, warnMode: 'percent', warn: { percentUsed: 80 } })}>
                  {t('policy.addTarget')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="calendarId" label={t('policy.calendar')} extra={t('policy.calendarHint')}>
          <Select allowClear placeholder={t('policy.calendarDefault')} options={(calendars.data ?? []).map((calendar) => ({ value: calendar.id, label: calendar.name }))} />
        </Form.Item>
        <Flex gap={24}>
          <Form.Item name="reopenRestartsResolution" label={t('policy.reopenRestarts')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="countBotReplies" label={t('policy.countBotReplies')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Form.Item label={t('policy.escalation')} extra={t('policy.escalationHint')}>
          <Form.List name="escalation">
            {(fields, { add, remove }) => (
              <Flex vertical gap={6}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={6} wrap align="flex-start">
                    <Form.Item name={[field.name, 'trigger']} style={{ marginBottom: 0 }}>
                      <Select aria-label={t('policy.trigger')} style={{ width: 130 }} options={ESCALATION_TRIGGERS.map((v) => ({ value: v, label: labelOf(t, 'escalationTrigger', v) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'metric']} style={{ marginBottom: 0 }}>
                      <Select aria-label={t('policy.metric')} allowClear placeholder={t('policy.anyMetric')} style={{ width: 140 }} options={metricOptions} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'action']} style={{ marginBottom: 0 }}>
                      <Select aria-label={t('policy.action')} style={{ width: 170 }} options={ESCALATION_ACTIONS.map((v) => ({ value: v, label: labelOf(t, 'escalationAction', v) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'userId']} style={{ marginBottom: 0 }}>
                      <Select aria-label={t('ticket.assignee')} allowClear placeholder={t('policy.assignTo')} style={{ width: 150 }} showSearch optionFilterProp="label" options={(users.data ?? []).filter((u) => u.isActive).map((u) => ({ value: u.id, label: u.name }))} />
                    </Form.Item>
                    <Button type="text" aria-label={t('common.remove')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(field.name)} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ trigger: 'breached', action: 'notify_supervisor' })}>
                  {t('policy.addEscalation')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </EditorDrawer>
  );
}
