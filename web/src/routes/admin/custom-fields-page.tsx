import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useCustomFields, useDeleteCustomField, useSaveCustomField, type CustomField } from '../../modules/tickets/index.ts';
import { CUSTOM_FIELD_TYPES, ErrorAlert, labelOf, PageHeader, useLocale, useT } from '../../shared/index.ts';

export default function CustomFieldsPage() {
  const t = useT();
  const locale = useLocale();
  const fields = useCustomFields();
  const [editing, setEditing] = useState<CustomField | 'new'>();
  const [form] = Form.useForm<Omit<CustomField, 'id' | 'createdAt' | 'updatedAt'>>();
  const save = useSaveCustomField({ form });
  const remove = useDeleteCustomField();
  const type = Form.useWatch('type', form);

  const open = (field: CustomField | 'new') => {
    setEditing(field);
    form.resetFields();
    form.setFieldsValue(field === 'new' ? { key: '', labels: { en: '', 'zh-CN': '' }, type: 'text', options: [], isRequired: false } : field);
  };

  const submit = async () => {
    const values = await form.validateFields();
    if (!editing) return;
    // Only choice fields have options; a new field sends an empty list, a change leaves them alone.
    const hasOptions = values.type === 'select' || values.type === 'multi_select';
    const options = hasOptions ? (values.options ?? []) : editing === 'new' ? [] : undefined;
    save.mutate({ id: editing === 'new' ? undefined : editing.id, field: { ...values, options } }, { onSuccess: () => setEditing(undefined) });
  };

  return (
    <>
      <PageHeader
        title={t('nav.customFields')}
        subtitle={t('fields.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => open('new')}>
            {t('fields.create')}
          </Button>
        }
      />
      <ErrorAlert error={fields.error} />
      <Table<CustomField>
        rowKey="id"
        loading={fields.isPending}
        dataSource={fields.data ?? []}
        pagination={false}
        columns={[
          { title: t('fields.label'), key: 'label', render: (_, field) => <strong translate="no">{field.labels[locale]}</strong> },
          { title: t('types.key'), dataIndex: 'key', render: (key: string) => <code>{key}</code> },
          { title: t('fields.type'), dataIndex: 'type', width: 130, render: (value: string) => labelOf(t, 'fieldType', value) },
          { title: t('fields.options'), dataIndex: 'options', render: (options: CustomField['options']) => <span translate="no">{options.map((o) => <Tag key={o.value}>{o.labels[locale]}</Tag>)}</span> },
          { title: t('fields.required'), dataIndex: 'isRequired', width: 90, render: (required: boolean) => (required ? <Tag color="orange">{t('fields.required')}</Tag> : null) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_, field) => (
              <Flex gap={4}>
                <Button size="small" onClick={() => open(field)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('fields.deleteConfirm')} onConfirm={() => remove.mutate(field.id)}>
                  <Button size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]}
      />
      <Modal open={!!editing} width={620} title={editing === 'new' ? t('fields.create') : t('fields.edit')} onCancel={() => setEditing(undefined)} onOk={() => void submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending} forceRender>
        <Form form={form} layout="vertical" name="custom-field">
          <Flex gap={12}>
            <Form.Item name="key" label={t('types.key')} extra={t('types.keyHint')} style={{ flex: 1 }} rules={[{ required: true, message: t('form.required') }]}>
              <Input disabled={editing !== 'new'} placeholder="order_number" />
            </Form.Item>
            <Form.Item name="type" label={t('fields.type')} style={{ width: 180 }}>
              <Select disabled={editing !== 'new'} options={CUSTOM_FIELD_TYPES.map((value) => ({ value, label: labelOf(t, 'fieldType', value) }))} />
            </Form.Item>
          </Flex>
          <Flex gap={12}>
            <Form.Item name={['labels', 'zh-CN']} label={t('types.nameZh')} style={{ flex: 1 }} rules={[{ required: true, message: t('form.required') }]}>
              <Input placeholder={t('fields.labelZhExample')} />
            </Form.Item>
            <Form.Item name={['labels', 'en']} label={t('types.nameEn')} style={{ flex: 1 }} rules={[{ required: true, message: t('form.required') }]}>
              <Input placeholder={t('fields.labelEnExample')} />
            </Form.Item>
          </Flex>
          {(type === 'select' || type === 'multi_select') && (
            <Form.Item label={t('fields.options')}>
              <Form.List name="options">
                {(items, { add, remove }) => (
                  <Flex vertical gap={6}>
                    {items.map((item) => (
                      <Flex key={item.key} gap={6}>
                        <Form.Item name={[item.name, 'value']} noStyle>
                          <Input placeholder={t('fields.optionValue')} aria-label={t('fields.optionValue')} style={{ width: 140 }} />
                        </Form.Item>
                        <Form.Item name={[item.name, 'labels', 'zh-CN']} noStyle>
                          <Input placeholder={t('types.nameZh')} aria-label={t('types.nameZh')} />
                        </Form.Item>
                        <Form.Item name={[item.name, 'labels', 'en']} noStyle>
                          <Input placeholder={t('types.nameEn')} aria-label={t('types.nameEn')} />
                        </Form.Item>
                        <Button type="text" aria-label={t('common.remove')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(item.name)} />
                      </Flex>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ value: '', labels: { en: '', 'zh-CN': '' } })}>
                      {t('fields.addOption')}
                    </Button>
                  </Flex>
                )}
              </Form.List>
            </Form.Item>
          )}
          <Flex gap={24}>
            <Form.Item name="isRequired" label={t('fields.required')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="position" label={t('types.position')}>
              <InputNumber min={0} />
            </Form.Item>
          </Flex>
        </Form>
      </Modal>
    </>
  );
}
