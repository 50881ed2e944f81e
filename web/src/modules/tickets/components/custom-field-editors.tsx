import { DatePicker, Flex, Input, InputNumber, Select, Switch } from 'antd';
import dayjs from 'dayjs';
import { useLocale, useT } from '../../../shared/index.ts';
import type { CustomField, TicketDetail, TicketUpdate } from '../api.ts';

type Value = string | number | boolean | string[] | null;

/** One control per custom field; a change is saved when the control is left. */
export default function CustomFieldEditors({ ticket, fields, disabled, onChange }: { ticket: TicketDetail; fields: CustomField[]; disabled: boolean; onChange: (patch: TicketUpdate) => void }) {
  const t = useT();
  const locale = useLocale();
  const save = (field: CustomField, value: Value) => {
    const current = ticket.customFields[field.key] ?? null;
    if (JSON.stringify(current) === JSON.stringify(value)) return;
    onChange({ customFields: { [field.key]: value } });
  };
  const options = (field: CustomField) => field.options.map((option) => ({ value: option.value, label: option.labels[locale] }));

  return (
    <Flex vertical gap={10} style={{ marginTop: 10 }}>
      {[...fields]
        .sort((a, b) => a.position - b.position)
        .map((field) => {
          const value = ticket.customFields[field.key];
          const label = `${field.labels[locale]}${field.isRequired ? ' *' : ''}`;
          let control: React.ReactNode;
          switch (field.type) {
            case 'number':
              control = <InputNumber key={`${field.key}-${ticket.version}`} aria-label={label} disabled={disabled} defaultValue={typeof value === 'number' ? value : undefined} style={{ width: '100%' }} onBlur={(event) => save(field, event.target.value === '' ? null : Number(event.target.value))} />;
              break;
            case 'date':
              control = <DatePicker aria-label={label} disabled={disabled} value={typeof value === 'string' ? dayjs(value) : null} style={{ width: '100%' }} onChange={(date) => save(field, date ? date.format('YYYY-MM-DD') : null)} />;
              break;
            case 'select':
              control = <Select aria-label={label} disabled={disabled} allowClear value={typeof value === 'string' ? value : undefined} options={options(field)} onChange={(next?: string) => save(field, next ?? null)} />;
              break;
            case 'multi_select':
              control = <Select aria-label={label} disabled={disabled} mode="multiple" allowClear value={Array.isArray(value) ? value : []} options={options(field)} onChange={(next: string[]) => save(field, next.length > 0 ? next : null)} />;
              break;
            case 'checkbox':
              control = <Switch aria-label={label} disabled={disabled} checked={value === true} onChange={(checked) => save(field, checked)} />;
              break;
            default:
              control = (
                <Input
                  key={`${field.key}-${ticket.version}`}
                  aria-label={label}
                  disabled={disabled}
                  defaultValue={typeof value === 'string' ? value : ''}
                  placeholder={t('ticket.customFieldEmpty')}
                  onBlur={(event) => save(field, event.target.value.trim() || null)}
                  onPressEnter={(event) => event.currentTarget.blur()}
                />
              );
          }
          return (
            <label key={field.id} style={{ display: 'grid', gridTemplateColumns: '80px minmax(0, 1fr)', alignItems: 'center', gap: 8 }}>
              <span translate="no" style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                {label}
              </span>
              {control}
            </label>
          );
        })}
    </Flex>
  );
}
