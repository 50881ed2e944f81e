import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, Select, Switch, theme } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { EditorDrawer, type MessageKey, useT, type Weekday, WEEKDAYS } from '../../../shared/index.ts';
import { useTeams } from '../../identity/index.ts';
import type { Calendar, CalendarInput, TimeRange } from '../api.ts';
import { useSaveCalendar } from '../hooks.ts';
import { RangesEditor } from './ranges-editor.tsx';

interface DatedRow {
  date?: Dayjs | null;
  name?: string;
  ranges?: TimeRange[];
}

interface CalendarForm {
  name: string;
  timezone: string;
  alwaysOpen: boolean;
  weekly: Record<Weekday, TimeRange[]>;
  holidays: DatedRow[];
  extraWorkingDays: DatedRow[];
  teamIds: string[];
}

const OFFICE: TimeRange[] = [{ start: '09:00', end: '18:00' }];

function toForm(calendar: Calendar | undefined, timezone: string): CalendarForm {
  const weekly = Object.fromEntries(WEEKDAYS.map((day) => [day, calendar ? (calendar.weekly[day] ?? []) : day === 'sat' || day === 'sun' ? [] : OFFICE])) as Record<Weekday, TimeRange[]>;
  return {
    name: calendar?.name ?? '',
    timezone: calendar?.timezone ?? timezone,
    alwaysOpen: calendar?.alwaysOpen ?? false,
    weekly,
    holidays: (calendar?.holidays ?? []).map((h) => ({ date: dayjs(h.date), name: h.name })),
    extraWorkingDays: (calendar?.extraWorkingDays ?? []).map((d) => ({ date: dayjs(d.date), name: d.name, ranges: d.ranges })),
    teamIds: calendar?.teamIds ?? [],
  };
}

function toInput(values: CalendarForm): CalendarInput {
  const dated = (rows: DatedRow[] | undefined) => (rows ?? []).map((row) => ({ date: row.date ? row.date.format('YYYY-MM-DD') : '', ...(row.name ? { name: row.name } : {}) }));
  return {
    name: values.name,
    timezone: values.timezone,
    alwaysOpen: values.alwaysOpen,
    weekly: values.weekly,
    holidays: dated(values.holidays),
    extraWorkingDays: (values.extraWorkingDays ?? []).map((row, index) => ({ ...dated(values.extraWorkingDays)[index]!, ...(row.ranges?.length ? { ranges: row.ranges } : {}) })),
  };
}

function DatedList({ name, addLabel, withRanges }: { name: 'holidays' | 'extraWorkingDays'; addLabel: string; withRanges?: boolean }) {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Flex vertical gap={6}>
          {fields.map((field) => (
            <Flex key={field.key} gap={6} align="flex-start" wrap style={{ paddingBottom: 6, borderBottom: `1px dashed ${token.colorBorderSecondary}` }}>
              <Form.Item name={[field.name, 'date']} style={{ marginBottom: 0 }}>
                <DatePicker aria-label={t('calendar.date')} placeholder={t('calendar.date')} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'name']} style={{ marginBottom: 0, flex: 1, minWidth: 140 }}>
                <Input aria-label={t('calendar.dayName')} placeholder={withRanges ? t('calendar.extraDayNameExample') : t('calendar.holidayNameExample')} />
              </Form.Item>
              <Button type="text" aria-label={t('common.remove')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(field.name)} />
              {withRanges && (
                <div style={{ width: '100%', paddingLeft: 4 }}>
                  <span style={{ color: token.colorTextSecondary, marginRight: 8, fontSize: 12 }}>{t('calendar.extraDayHours')}</span>
                  <RangesEditor name={[field.name, 'ranges']} label={t('calendar.extraDays')} />
                </div>
              )}
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ date: null, name: '' })}>
            {addLabel}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

/** Creates or edits a business calendar: weekly hours, holidays, 调休 working days, the teams that use it. */
export function CalendarEditor({ calendar, open, onClose, defaultTimezone, zones }: { calendar?: Calendar; open: boolean; onClose: () => void; defaultTimezone: string; zones: { value: string; label: string }[] }) {
  const t = useT();
  const [form] = Form.useForm<CalendarForm>();
  const teams = useTeams();
  const save = useSaveCalendar({ form });
  const alwaysOpen = Form.useWatch('alwaysOpen', form);
  const initial = useMemo(() => toForm(calendar, defaultTimezone), [calendar, defaultTimezone]);

  useEffect(() => {
    if (open) form.setFieldsValue(initial);
  }, [open, initial, form]);

  const submit = (values: CalendarForm) => save.mutate({ calendar, input: toInput(values), teamIds: values.teamIds ?? [] }, { onSuccess: onClose });

  return (
    <EditorDrawer open={open} onClose={onClose} size={640} title={calendar ? t('calendar.editTitle', { name: calendar.name }) : t('calendar.create')} saving={save.isPending} onSave={() => form.submit()} forceRender>
      <Form form={form} layout="vertical" name="calendar" initialValues={initial} onFinish={submit}>
        <Flex gap={12}>
          <Form.Item name="name" label={t('calendar.name')} style={{ flex: 1 }} rules={[{ required: true, message: t('form.required') }]}>
            <Input placeholder={t('calendar.nameExample')} />
          </Form.Item>
          <Form.Item name="timezone" label={t('workspace.timezone')} style={{ width: 220 }}>
            <Select showSearch options={zones} />
          </Form.Item>
        </Flex>
        <Form.Item name="alwaysOpen" label={t('calendar.alwaysOpen')} valuePropName="checked" extra={t('calendar.alwaysOpenHint')}>
          <Switch />
        </Form.Item>
        {!alwaysOpen && (
          <Form.Item label={t('calendar.weekly')}>
            <Flex vertical gap={6}>
              {WEEKDAYS.map((day) => (
                <Flex key={day} align="center" gap={8}>
                  <span style={{ width: 48 }}>{t(`calendar.weekday.${day}` as MessageKey)}</span>
                  <RangesEditor name={['weekly', day]} label={t(`calendar.weekday.${day}` as MessageKey)} />
                </Flex>
              ))}
            </Flex>
          </Form.Item>
        )}
        <Form.Item label={t('calendar.holidays')} extra={t('calendar.holidaysHint')}>
          <DatedList name="holidays" addLabel={t('calendar.addHoliday')} />
        </Form.Item>
        <Form.Item label={t('calendar.extraDays')} extra={t('calendar.extraDaysHint')}>
          <DatedList name="extraWorkingDays" addLabel={t('calendar.addExtraDay')} withRanges />
        </Form.Item>
        <Form.Item name="teamIds" label={t('calendar.teams')} extra={t('calendar.teamsHint')}>
          <Select mode="multiple" optionFilterProp="label" options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))} />
        </Form.Item>
      </Form>
    </EditorDrawer>
  );
}
