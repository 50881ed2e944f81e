import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Space } from 'antd';
import { useT } from '../../../shared/index.ts';

/** Skill tags with a level 1–5, edited inside a parent form under the `skills` field. */
export function SkillsEditor() {
  const t = useT();
  return (
    <Form.List name="skills">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <Space key={field.key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
              <Form.Item name={[field.name, 'skill']} noStyle>
                <Input placeholder={t('skills.skill')} aria-label={t('skills.skill')} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'level']} noStyle>
                <InputNumber min={1} max={5} placeholder={t('skills.level')} aria-label={t('skills.level')} style={{ width: 90 }} />
              </Form.Item>
              <Button type="text" aria-label={t('common.remove')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(field.name)} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ skill: '', level: 3 })}>
            {t('skills.add')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
