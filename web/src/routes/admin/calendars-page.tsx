import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Popconfirm, Row, Tag, theme } from 'antd';
import { useMemo, useState } from 'react';
import { useRequiredSession, useTeams } from '../../modules/identity/index.ts';
import { CalendarEditor, CalendarMonth, useCalendars, useDeleteCalendar, type Calendar } from '../../modules/sla/index.ts';
import { ErrorAlert, type MessageKey, PageHeader, timeZoneOptions, useT, WEEKDAYS } from '../../shared/index.ts';

export default function CalendarsPage() {
  const t = useT();
  const session = useRequiredSession();
  const { token } = theme.useToken();
  const teams = useTeams();
  const calendars = useCalendars();
  const remove = useDeleteCalendar();
  const [editing, setEditing] = useState<Calendar | 'new'>();
  const [selectedId, setSelectedId] = useState<string>();
  const zones = useMemo(timeZoneOptions, []);
  const selected = calendars.data?.find((c) => c.id === selectedId) ?? calendars.data?.[0];

  const weeklySummary = (calendar: Calendar) =>
    calendar.alwaysOpen
      ? t('calendar.alwaysOpen')
      : WEEKDAYS.filter((day) => (calendar.weekly[day] ?? []).length > 0)
          .map((day) => `${t(`calendar.weekday.${day}` as MessageKey)} ${(calendar.weekly[day] ?? []).map((r) => `${r.start}–${r.end}`).join(', ')}`)
          .join(' · ');

  return (
    <>
      <PageHeader
        title={t('nav.calendars')}
        subtitle={t('calendar.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('calendar.create')}
          </Button>
        }
      />
      <ErrorAlert error={calendars.error} />
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Flex vertical gap={10}>
            {calendars.data?.length === 0 && <Empty description={t('calendar.none')} />}
            {calendars.data?.map((calendar) => (
              <Card
                key={calendar.id}
                size="small"
                hoverable
                onClick={() => setSelectedId(calendar.id)}
                style={{ borderColor: selected?.id === calendar.id ? token.colorPrimary : undefined }}
                title={calendar.name}
                extra={
                  <Flex gap={4} onClick={(event) => event.stopPropagation()}>
                    <Button size="small" onClick={() => setEditing(calendar)}>
                      {t('common.edit')}
                    </Button>
                    <Popconfirm title={t('calendar.deleteConfirm', { name: calendar.name })} onConfirm={() => remove.mutate(calendar.id)}>
                      <Button size="small" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Flex>
                }
              >
                <div style={{ color: token.colorTextSecondary, fontSize: 12 }}>{calendar.timezone}</div>
                <div style={{ fontSize: 13 }}>{weeklySummary(calendar)}</div>
                <Flex gap={4} wrap style={{ marginTop: 6 }}>
                  {calendar.holidays.length > 0 && <Tag color="red">{t('calendar.holidayCount', { count: calendar.holidays.length })}</Tag>}
                  {calendar.extraWorkingDays.length > 0 && <Tag color="orange">{t('calendar.extraDayCount', { count: calendar.extraWorkingDays.length })}</Tag>}
                  {calendar.teamIds.map((id) => (
                    <Tag key={id}>{teams.data?.find((team) => team.id === id)?.name ?? '…'}</Tag>
                  ))}
                </Flex>
              </Card>
            ))}
          </Flex>
        </Col>
        <Col xs={24} lg={14}>
          {selected && (
            <Card size="small" title={t('calendar.resultingHours', { name: selected.name })}>
              <CalendarMonth calendar={selected} />
            </Card>
          )}
        </Col>
      </Row>
      <CalendarEditor open={!!editing} calendar={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} defaultTimezone={session.workspace.timezone} zones={zones} />
    </>
  );
}
