import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Segmented, Select } from 'antd';
import { CONDITION_FIELDS, CONDITION_OPERATORS, VALUELESS_OPERATORS, type ConditionOperator, labelOf, useT } from '../../../shared/index.ts';
import type { RuleCondition, RuleInput } from '../api.ts';

type Group = RuleInput['conditions'];

/** Lists are typed comma-separated; numbers stay numbers, so "> 3" compares as a number. */
function parseValue(op: ConditionOperator, text: string): RuleCondition['value'] {
  if (op === 'in') return text.split(/[,，]/).map((part) => part.trim()).filter(Boolean);
  if ((op === 'gt' || op === 'lt' || op === 'hours_since') && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  return text;
}

const showValue = (value: RuleCondition['value']) => (Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value));

/** The rule's conditions as one all/any group of rows: field, operator, value. */
export function ConditionsEditor({ value, onChange }: { value: Group; onChange: (next: Group) => void }) {
  const t = useT();
  const rows = value.conditions.filter((item): item is RuleCondition => 'op' in item);
  const nested = value.conditions.filter((item) => !('op' in item));
  const setRows = (next: RuleCondition[]) => onChange({ match: value.match, conditions: [...next, ...nested] });
  const update = (index: number, patch: Partial<RuleCondition>) => setRows(rows.map((row, i) => (i === index ? ({ ...row, ...patch } as RuleCondition) : row)));

  return (
    <Flex vertical gap={8} data-testid="conditions-editor">
      <Segmented
        size="small"
        value={value.match}
        onChange={(match) => onChange({ ...value, match: match as Group['match'] })}
        options={[
          { value: 'all', label: t('automation.match.all') },
          { value: 'any', label: t('automation.match.any') },
        ]}
      />
      {rows.length === 0 && <span style={{ opacity: 0.7 }}>{t('automation.noConditions')}</span>}
      {rows.map((row, index) => (
        <Flex key={index} gap={6} align="center" data-testid="condition-row">
          <Select
            style={{ width: 200 }}
            aria-label={t('automation.field')}
            value={row.field}
            onChange={(field: string) => update(index, { field })}
            options={CONDITION_FIELDS.map((field) => ({ value: field, label: labelOf(t, 'automation.field', field) }))}
          />
          <Select
            style={{ width: 140 }}
            aria-label={t('automation.operator')}
            value={row.op}
            onChange={(op: ConditionOperator) => update(index, { op, value: VALUELESS_OPERATORS.includes(op) ? undefined : parseValue(op, showValue(row.value)) })}
            options={CONDITION_OPERATORS.map((op) => ({ value: op, label: labelOf(t, 'automation.op', op) }))}
          />
          {!VALUELESS_OPERATORS.includes(row.op) && (
            <Input style={{ flex: 1 }} aria-label={t('automation.value')} value={showValue(row.value)} placeholder={row.op === 'in' ? t('automation.valueListHint') : ''} onChange={(event) => update(index, { value: parseValue(row.op, event.target.value) })} />
          )}
          <Button type="text" aria-label={t('common.delete')} icon={<DeleteOutlined aria-hidden />} onClick={() => setRows(rows.filter((_, i) => i !== index))} />
        </Flex>
      ))}
      <Button size="small" icon={<PlusOutlined aria-hidden />} style={{ alignSelf: 'flex-start' }} onClick={() => setRows([...rows, { field: 'ticket.type', op: 'is', value: '' }])}>
        {t('automation.addCondition')}
      </Button>
    </Flex>
  );
}
