import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select, Skeleton } from 'antd';
import { useMemo, useState } from 'react';
import { applyApiErrors, ErrorAlert, PageHeader, timeZoneOptions, useT, useToast } from '../../shared/index.ts';
import { identityApi, identityKeys, type Workspace } from '../../modules/identity/index.ts';

export default function WorkspacePage() {
  const t = useT();
  const queryClient = useQueryClient();
  const message = useToast();
  const workspace = useQuery({ queryKey: identityKeys.workspace, queryFn: identityApi.getWorkspace });
  const [form] = Form.useForm<Partial<Workspace>>();
  const [saving, setSaving] = useState(false);
  const zones = useMemo(timeZoneOptions, []);

  const save = async (values: Partial<Workspace>) => {
    setSaving(true);
    try {
      const updated = await identityApi.updateWorkspace({ name: values.name, defaultLocale: values.defaultLocale, timezone: values.timezone, ticketPrefix: values.ticketPrefix });
      queryClient.setQueryData(identityKeys.workspace, updated);
      void queryClient.invalidateQueries({ queryKey: identityKeys.me });
      message.success(t('common.saved'));
    } catch (error) {
      for (const text of applyApiErrors(form, error)) message.error(text);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title={t('nav.workspace')} subtitle={t('workspace.subtitle')} />
      <ErrorAlert error={workspace.error} />
      <Card style={{ maxWidth: 640 }}>
        {workspace.data ? (
          <Form form={form} layout="vertical" initialValues={workspace.data} onFinish={save}>
            <Form.Item name="name" label={t('workspace.name')}>
              <Input />
            </Form.Item>
            <Form.Item name="defaultLocale" label={t('workspace.defaultLocale')}>
              <Select
                options={[
                  { value: 'zh-CN', label: t('name.languageZh') },
                  { value: 'en', label: t('name.languageEn') },
                ]}
              />
            </Form.Item>
            <Form.Item name="timezone" label={t('workspace.timezone')}>
              <Select showSearch options={zones} />
            </Form.Item>
            <Form.Item name="ticketPrefix" label={t('workspace.ticketPrefix')} extra={t('workspace.ticketPrefixHint')}>
              <Input style={{ width: 160 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('common.save')}
            </Button>
          </Form>
        ) : (
          <Skeleton active />
        )}
      </Card>
    </>
  );
}
