import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Modal, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSaveTicketType, useTicketTypes, type TicketType } from '../../modules/tickets/index.ts';
import { ErrorAlert, PageHeader, useT } from '../../shared/index.ts';

interface TypeForm {
  key: string;
  names: { en: string; 'zh-CN': string };
  isActive: boolean;
  position?: number;
}

export default function TicketTypesPage() {
  const t = useT();
  const types = useTicketTypes();
  const [editing, setEditing] = useState<TicketType | 'new'>();
  const [form] = Form.useForm<TypeForm>();
  const save = useSaveTicketType({ form });

  const open = (type: TicketType | 'new') => {
    setEditing(type);
    form.resetFields();
    form.setFieldsValue(type === 'new' ? { key: '', names: { en: '', 'zh-CN': '' }, isActive: true } : { key: type.key, names: type.names, isActive: type.isActive, position: type.position });
  };

  const submit = async () => {
    const values = await form.validateFields();
    if (!editing) return;
    const key = editing === 'new' ? values.key : editing.key;
    save.mutate({ isNew: editing === 'new', key, names: values.names, isActive: values.isActive, position: values.position }, { onSuccess: () => setEditing(undefined) });
  };

  return (
    <>
      <PageHeader
        title={t('nav.ticketTypes')}
        subtitle={t('types.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => open('new')}>
            {t('types.create')}
          </Button>
        }
      />
      <ErrorAlert error={types.error} />
      <Table<TicketType>
        rowKey="key"
        loading={types.isPending}
        dataSource={types.data ?? []}
        pagination={false}
        columns={[
          { title: t('types.nameZh'), key: 'zh', render: (_, type) => <strong translate="no">{type.names['zh-CN']}</strong> },
          { title: t('types.nameEn'), key: 'en', render: (_, type) => <span translate="no">{type.names.en}</span> },
          { title: t('types.key'), dataIndex: 'key', render: (key: string) => <code>{key}</code> },
          { title: t('types.position'), dataIndex: 'position', width: 90 },
          {
            title: t('users.status'),
            key: 'status',
            width: 160,
            render: (_, type) => (
              <>
                {type.isActive ? <Tag color="success">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>}
                {type.isBuiltIn && <Tag>{t('types.builtIn')}</Tag>}
              </>
            ),
          },
          { title: t('common.actions'), key: 'actions', width: 100, render: (_, type) => <Button size="small" onClick={() => open(type)}>{t('common.edit')}</Button> },
        ]}
      />
      <Modal open={!!editing} title={editing === 'new' ? t('types.create') : t('types.edit')} onCancel={() => setEditing(undefined)} onOk={() => void submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={save.isPending} forceRender>
        <Form form={form} layout="vertical" name="ticket-type">
          <Form.Item name="key" label={t('types.key')} extra={t('types.keyHint')} rules={[{ required: true, message: t('form.required') }]}>
            <Input disabled={editing !== 'new'} placeholder="after_sales" />
          </Form.Item>
          <Form.Item name={['names', 'zh-CN']} label={t('types.nameZh')} rules={[{ required: true, message: t('form.required') }]}>
            <Input placeholder={t('types.nameZhExample')} />
          </Form.Item>
          <Form.Item name={['names', 'en']} label={t('types.nameEn')} rules={[{ required: true, message: t('form.required') }]}>
            <Input placeholder={t('types.nameEnExample')} />
          </Form.Item>
          <Form.Item name="position" label={t('types.position')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="isActive" label={t('users.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
