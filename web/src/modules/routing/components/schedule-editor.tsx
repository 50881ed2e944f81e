import { Button, Flex, Form, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { RangesEditor } from '../../sla/index.ts';
import { type MessageKey, useT, type Weekday, WEEKDAYS } from '../../../shared/index.ts';

export type WeeklyHours = Record<Weekday, { start: string; end: string }[]>;

const weekdayKey = (day: Weekday) => `calendar.weekday.${day}` as MessageKey;

/** A short reading of weekly hours for a table cell: "Mon 09:00–18:00 · Tue …"; days off are left out. */
export function ScheduleSummary({ hours, emptyLabel }: { hours: WeeklyHours | null; emptyLabel: string }) {
  const t = useT();
  if (!hours) return <Typography.Text type="secondary">{emptyLabel}</Typography.Text>;
  const days = WEEKDAYS.filter((day) => hours[day].length > 0).map((day) => `${t(weekdayKey(day))} ${hours[day].map((range) => `${range.start}–${range.end}`).join(', ')}`);
  return <span>{days.join(' · ')}</span>;
}

/**
 * Edits weekly working hours in a modal. `clearLabel` names what having none means here (a team: always on
 * shift; an agent: their team's hours); choosing it saves null.
 */
export function ScheduleEditor(props: { open: boolean; title: string; hours: WeeklyHours | null; clearLabel: string; saving: boolean; onSave: (hours: WeeklyHours | null) => void; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ weekly: WeeklyHours }>();
  useEffect(() => {
    if (!props.open) return;
    const office = [{ start: '09:00', end: '18:00' }];
    form.setFieldsValue({ weekly: props.hours ?? (Object.fromEntries(WEEKDAYS.map((day) => [day, day === 'sat' || day === 'sun' ? [] : office])) as WeeklyHours) });
  }, [props.open, props.hours, form]);
  const submit = async () => {
    const { weekly } = await form.validateFields();
    props.onSave(Object.fromEntries(WEEKDAYS.map((day) => [day, weekly?.[day] ?? []])) as WeeklyHours);
  };
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      width={640}
      footer={[
        <Button key="clear" onClick={() => props.onSave(null)} loading={props.saving}>
          {props.clearLabel}
        </Button>,
        <Button key="cancel" onClick={props.onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="save" type="primary" onClick={() => void submit()} loading={props.saving}>
          {t('common.save')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('routing.scheduleHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="schedule">
        <Flex vertical gap={6}>
          {WEEKDAYS.map((day) => (
            <Flex key={day} align="center" gap={8}>
              <span style={{ width: 48 }}>{t(weekdayKey(day))}</span>
              <RangesEditor name={['weekly', day]} label={t(weekdayKey(day))} />
            </Flex>
          ))}
        </Flex>
      </Form>
    </Modal>
  );
}
