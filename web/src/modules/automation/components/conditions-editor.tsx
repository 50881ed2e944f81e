import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Segmented, Select } from 'antd';
import { CONDITION_FIELDS, CONDITION_OPERATORS, VALUELESS_OPERATORS, type ConditionOperator, labelOf, useT } from '../../../shared/index.ts';
import type { RuleCondition, RuleConditionGroup, RuleInput } from '../api.ts';

type Group = RuleInput['conditions'];
type Match = Group['match'];

/** Lists are typed comma-separated; numbers stay numbers, so "> 3" compares as a number. */
function parseValue(op: ConditionOperator, text: string): RuleCondition['value'] {
  if (op === 'in') return text.split(/[,，]/).map((part) => part.trim()).filter(Boolean);
  if ((op === 'gt' || op === 'lt' || op === 'hours_since') && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  return text;
}

const showValue = (value: RuleCondition['value']) => (Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value));
const blankCondition = (): RuleCondition => ({ field: 'ticket.type', op: 'is', value: '' });
const isCondition = (item: Group['conditions'][number]): item is RuleCondition => 'op' in item;
const replaceAt = <Item,>(items: readonly Item[], index: number, next: Item): Item[] => items.map((item, i) => (i === index ? next : item));
const removeAt = <Item,>(items: readonly Item[], index: number): Item[] => items.filter((_, i) => i !== index);

function MatchChoice({ value, onChange, label }: { value: Match; onChange: (match: Match) => void; label: string }) {
  const t = useT();
  return (
    <Segmented
      size="small"
      aria-label={label}
      value={value}
      onChange={(match) => onChange(match as Match)}
      options={[
        { value: 'all', label: t('automation.match.all') },
        { value: 'any', label: t('automation.match.any') },
      ]}
    />
  );
}

/** One condition: field, operator, value. */
function ConditionRow({ row, onChange, onRemove }: { row: RuleCondition; onChange: (next: RuleCondition) => void; onRemove: () => void }) {
  const t = useT();
  const update = (patch: Partial<RuleCondition>) => onChange({ ...row, ...patch } as RuleCondition);
  return (
    <Flex gap={6} align="center" data-testid="condition-row">
      <Select
        style={{ width: 200 }}
        aria-label={t('automation.field')}
        value={row.field}
        onChange={(field: string) => update({ field })}
        options={CONDITION_FIELDS.map((field) => ({ value: field, label: labelOf(t, 'automation.field', field) }))}
      />
      <Select
        style={{ width: 140 }}
        aria-label={t('automation.operator')}
        value={row.op}
        onChange={(op: ConditionOperator) => update({ op, value: VALUELESS_OPERATORS.includes(op) ? undefined : parseValue(op, showValue(row.value)) })}
        options={CONDITION_OPERATORS.map((op) => ({ value: op, label: labelOf(t, 'automation.op', op) }))}
      />
      {!VALUELESS_OPERATORS.includes(row.op) && (
        <Input style={{ flex: 1 }} aria-label={t('automation.value')} value={showValue(row.value)} placeholder={row.op === 'in' ? t('automation.valueListHint') : ''} onChange={(event) => update({ value: parseValue(row.op, event.target.value) })} />
      )}
      <Button type="text" aria-label={t('common.delete')} icon={<DeleteOutlined aria-hidden />} onClick={onRemove} />
    </Flex>
  );
}

/** A group one level down ("any of: B, C" inside "all of"): its own match and conditions, no groups of its own. */
function NestedGroup({ group, onChange, onRemove }: { group: RuleConditionGroup; onChange: (next: RuleConditionGroup) => void; onRemove: () => void }) {
  const t = useT();
  return (
    <Card size="small" data-testid="condition-group" styles={{ body: { display: 'flex', flexDirection: 'column', gap: 8 } }}>
      <Flex justify="space-between" align="center">
        <MatchChoice value={group.match} label={t('automation.groupMatch')} onChange={(match) => onChange({ ...group, match })} />
        <Button size="small" type="text" danger icon={<DeleteOutlined aria-hidden />} onClick={onRemove}>
          {t('automation.removeGroup')}
        </Button>
      </Flex>
      {group.conditions.length === 0 && <span style={{ opacity: 0.7 }}>{t('automation.emptyGroup')}</span>}
      {group.conditions.map((row, index) => (
        <ConditionRow key={index} row={row} onChange={(next) => onChange({ ...group, conditions: replaceAt(group.conditions, index, next) })} onRemove={() => onChange({ ...group, conditions: removeAt(group.conditions, index) })} />
      ))}
      <Button size="small" icon={<PlusOutlined aria-hidden />} style={{ alignSelf: 'flex-start' }} onClick={() => onChange({ ...group, conditions: [...group.conditions, blankCondition()] })}>
        {t('automation.addCondition')}
      </Button>
    </Card>
  );
}

/**
 * The rule's conditions: an all/any group of rows and of groups one level down, kept in the order they are stored so
 * what is saved and dry-run is exactly what is shown.
 */
export function ConditionsEditor({ value, onChange }: { value: Group; onChange: (next: Group) => void }) {
  const t = useT();
  const setItem = (index: number, next: Group['conditions'][number]) => onChange({ ...value, conditions: replaceAt(value.conditions, index, next) });
  const removeItem = (index: number) => onChange({ ...value, conditions: removeAt(value.conditions, index) });
  // A new group starts with one condition: an empty group holds, which would make an "any" rule match everything.
  const addGroup = () => onChange({ ...value, conditions: [...value.conditions, { match: value.match === 'all' ? 'any' : 'all', conditions: [blankCondition()] }] });

  return (
    <Flex vertical gap={8} data-testid="conditions-editor">
      <MatchChoice value={value.match} label={t('automation.conditions')} onChange={(match) => onChange({ ...value, match })} />
      {value.conditions.length === 0 && <span style={{ opacity: 0.7 }}>{t('automation.noConditions')}</span>}
      {value.conditions.map((item, index) =>
        isCondition(item) ? (
          <ConditionRow key={index} row={item} onChange={(next) => setItem(index, next)} onRemove={() => removeItem(index)} />
        ) : (
          <NestedGroup key={index} group={item} onChange={(next) => setItem(index, next)} onRemove={() => removeItem(index)} />
        ),
      )}
      <Flex gap={8}>
        <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => onChange({ ...value, conditions: [...value.conditions, blankCondition()] })}>
          {t('automation.addCondition')}
        </Button>
        <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={addGroup}>
          {t('automation.addGroup')}
        </Button>
      </Flex>
    </Flex>
  );
}
