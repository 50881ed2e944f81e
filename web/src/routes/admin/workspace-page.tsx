import { Button, Card, Form, Input, Select, Skeleton } from 'antd';
import { useMemo } from 'react';
import { useUpdateWorkspace, useWorkspace, type Workspace } from '../../modules/identity/index.ts';
import { ErrorAlert, PageHeader, timeZoneOptions, useLocaleOptions, useT } from '../../shared/index.ts';

export default function WorkspacePage() {
  const t = useT();
  const localeOptions = useLocaleOptions();
  const workspace = useWorkspace();
  const [form] = Form.useForm<Partial<Workspace>>();
  const update = useUpdateWorkspace({ form });
  const zones = useMemo(timeZoneOptions, []);

  const save = (values: Partial<Workspace>) => update.mutate({ name: values.name, defaultLocale: values.defaultLocale, timezone: values.timezone, ticketPrefix: values.ticketPrefix });

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
                options={localeOptions}
              />
            </Form.Item>
            <Form.Item name="timezone" label={t('workspace.timezone')}>
              <Select showSearch options={zones} />
            </Form.Item>
            <Form.Item name="ticketPrefix" label={t('workspace.ticketPrefix')} extra={t('workspace.ticketPrefixHint')}>
              <Input style={{ width: 160 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={update.isPending}>
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
