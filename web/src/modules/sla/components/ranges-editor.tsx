import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input } from 'antd';
import { useT } from '../../../shared/index.ts';

/** Opening times of one day as HH:MM–HH:MM ranges, inside a parent form at `name`. */
export function RangesEditor({ name, label }: { name: (string | number)[]; label: string }) {
  const t = useT();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Flex gap={6} wrap align="center">
          {fields.length === 0 && <span style={{ opacity: 0.55 }}>{t('calendar.closed')}</span>}
          {fields.map((field) => (
            <Flex key={field.key} align="flex-start" gap={2}>
              <Form.Item name={[field.name, 'start']} style={{ marginBottom: 0 }}>
                <Input size="small" placeholder="09:00" aria-label={`${label} ${t('calendar.from')}`} style={{ width: 62 }} maxLength={5} />
              </Form.Item>
              <span style={{ lineHeight: '24px' }}>–</span>
              <Form.Item name={[field.name, 'end']} style={{ marginBottom: 0 }}>
                <Input size="small" placeholder="18:00" aria-label={`${label} ${t('calendar.to')}`} style={{ width: 62 }} maxLength={5} />
              </Form.Item>
              <Button size="small" type="text" aria-label={t('common.remove')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(field.name)} />
            </Flex>
          ))}
          <Button size="small" type="dashed" icon={<PlusOutlined aria-hidden />} aria-label={`${label} ${t('calendar.addRange')}`} onClick={() => add({ start: '09:00', end: '18:00' })}>
            {fields.length === 0 ? t('calendar.addRange') : null}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
