import { Flex, Skeleton, Tag } from 'antd';
import { labelOf, useT } from '../../../shared/index.ts';
import { usePrediction } from '../hooks.ts';

const percent = (value: number | null) => (value === null ? '' : ` ${Math.round(value * 100)}%`);

/** Triage's suggestions for the ticket, with their confidence. */
export function TriagePanel({ ticketId, typeName }: { ticketId: string; typeName: (type: string) => string }) {
  const t = useT();
  const prediction = usePrediction(ticketId);
  if (prediction.isPending) return <Skeleton active paragraph={{ rows: 1 }} />;
  const data = prediction.data;
  if (!data) return <span>{t('bot.triage.none')}</span>;
  return (
    <Flex gap={6} wrap data-testid="triage-suggestions">
      {data.type && <Tag>{t('bot.triage.type')}: {typeName(data.type)}{percent(data.typeConfidence)}</Tag>}
      {data.priority && <Tag>{t('bot.triage.priority')}: {data.priority}{percent(data.priorityConfidence)}</Tag>}
      <Tag color={data.sentiment === 'negative' ? 'red' : data.sentiment === 'positive' ? 'green' : 'default'}>
        {t('bot.triage.sentiment')}: {labelOf(t, 'bot.sentiment', data.sentiment)}{percent(data.sentimentConfidence)}
      </Tag>
    </Flex>
  );
}
