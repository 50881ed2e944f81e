import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Spin, theme } from 'antd';
import { useMemo, useState } from 'react';
import { ErrorAlert, useLocale, useT } from '../../../shared/index.ts';
import { slaApi, type Calendar } from '../api.ts';
import { slaKeys } from '../hooks.ts';
import { hoursOnDay, isoDate, startOfLocalDay, wallClock } from '../zoned-time.ts';

const WEEKDAY_KEYS = ['calendar.weekday.mon', 'calendar.weekday.tue', 'calendar.weekday.wed', 'calendar.weekday.thu', 'calendar.weekday.fri', 'calendar.weekday.sat', 'calendar.weekday.sun'] as const;

/**
 * A month of the calendar as the SLA engine will use it: the open hours of every day, computed by the
 * server (GET /business-calendars/:id/hours), with holidays and 调休 working days marked.
 */
export function CalendarMonth({ calendar }: { calendar: Calendar }) {
  const t = useT();
  const locale = useLocale();
  const { token } = theme.useToken();
  const today = wallClock(Date.now(), calendar.timezone);
  const [month, setMonth] = useState({ year: today.year, month: today.month });
  const daysInMonth = new Date(Date.UTC(month.year, month.month, 0)).getUTCDate();
  const from = new Date(startOfLocalDay(month.year, month.month, 1, calendar.timezone)).toISOString();
  const to = new Date(startOfLocalDay(month.year, month.month, daysInMonth + 1, calendar.timezone)).toISOString();
  const hours = useQuery({ queryKey: [...slaKeys.hours(calendar.id, from, to), calendar.version], queryFn: () => slaApi.calendarHours(calendar.id, from, to) });

  const intervals = useMemo(() => (hours.data?.intervals ?? []).map((i) => ({ start: Date.parse(i.start), end: Date.parse(i.end) })), [hours.data]);
  const holidays = new Map(calendar.holidays.map((h) => [h.date, h.name ?? '']));
  const extraDays = new Map(calendar.extraWorkingDays.map((d) => [d.date, d.name ?? '']));
  const firstWeekday = (new Date(Date.UTC(month.year, month.month - 1, 1)).getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [...Array<null>(firstWeekday).fill(null), ...Array.from({ length: daysInMonth }, (_, i) => i + 1)];
  while (cells.length % 7 !== 0) cells.push(null);
  const title = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(month.year, month.month - 1, 1)));
  const shift = (delta: number) => {
    const next = new Date(Date.UTC(month.year, month.month - 1 + delta, 1));
    setMonth({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1 });
  };

  return (
    <div data-testid="calendar-month">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Button size="small" icon={<LeftOutlined aria-hidden />} aria-label={t('calendar.previousMonth')} onClick={() => shift(-1)} />
        <strong aria-live="polite">
          {title}
          {hours.data && <span style={{ fontWeight: 400, color: token.colorTextSecondary }}> · {t('calendar.monthTotal', { hours: Math.round(hours.data.businessMinutes / 6) / 10 })}</span>}
        </strong>
        <Button size="small" icon={<RightOutlined aria-hidden />} aria-label={t('calendar.nextMonth')} onClick={() => shift(1)} />
      </Flex>
      <ErrorAlert error={hours.error} />
      <Spin spinning={hours.isPending}>
        <div role="grid" aria-label={title} style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 4 }}>
          {WEEKDAY_KEYS.map((key) => (
            <div key={key} role="columnheader" style={{ textAlign: 'center', fontSize: 12, color: token.colorTextSecondary }}>
              {t(key)}
            </div>
          ))}
          {cells.map((day, index) => {
            if (day === null) return <div key={`blank-${index}`} />;
            const date = isoDate(month.year, month.month, day);
            const ranges = calendar.alwaysOpen ? ['00:00–24:00'] : hoursOnDay(intervals, month.year, month.month, day, calendar.timezone);
            const isHoliday = holidays.has(date);
            const isExtra = extraDays.has(date);
            const isOpen = ranges.length > 0;
            return (
              <div
                key={date}
                role="gridcell"
                data-date={date}
                data-open={isOpen}
                aria-label={`${date} ${isOpen ? ranges.join(', ') : t('calendar.closed')}`}
                style={{
                  minHeight: 62,
                  padding: 4,
                  borderRadius: token.borderRadiusSM,
                  border: `1px solid ${isExtra ? token.colorWarningBorder : token.colorBorderSecondary}`,
                  background: isHoliday ? token.colorErrorBg : isExtra ? token.colorWarningBg : isOpen ? token.colorSuccessBg : token.colorFillQuaternary,
                  fontSize: 11,
                  lineHeight: 1.35,
                }}
              >
                <Flex justify="space-between">
                  <strong>{day}</strong>
                  {isHoliday && <span style={{ color: token.colorErrorText }}>{t('calendar.holidayMark')}</span>}
                  {isExtra && <span style={{ color: token.colorWarningText }}>{t('calendar.workdayMark')}</span>}
                </Flex>
                {(holidays.get(date) || extraDays.get(date)) && <div style={{ color: token.colorTextSecondary, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{holidays.get(date) || extraDays.get(date)}</div>}
                {ranges.map((range) => (
                  <div key={range} style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {range}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </Spin>
    </div>
  );
}
