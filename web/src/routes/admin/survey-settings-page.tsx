import { Alert, Button, Card, Form, InputNumber, Skeleton, Switch } from 'antd';
import { useEffect } from 'react';
import { useSaveSurveySettings, useSurveySettings, type SurveySettings } from '../../modules/surveys/index.ts';
import { ErrorAlert, PageHeader, useT } from '../../shared/index.ts';

/** The workspace's CSAT survey: whether a solved ticket sends one, and when the single reminder goes. */
export default function SurveySettingsPage() {
  const t = useT();
  const settings = useSurveySettings();
  const [form] = Form.useForm<SurveySettings>();
  const save = useSaveSurveySettings({ form });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  return (
    <>
      <PageHeader title={t('surveys.navSettings')} />
      <ErrorAlert error={settings.error} />
      <Card title={t('surveys.settings')} style={{ maxWidth: 640 }}>
        {settings.isPending ? (
          <Skeleton active />
        ) : (
          <Form form={form} layout="vertical" name="survey-settings" onFinish={(values) => save.mutate(values)}>
            <Form.Item name="csatEnabled" label={t('surveys.csatEnabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="reminderHours" label={t('surveys.reminderHours')} rules={[{ required: true, message: t('form.required') }]}>
              <InputNumber min={1} max={720} precision={0} />
            </Form.Item>
            <Alert type="info" showIcon title={t('surveys.optOutNote')} style={{ marginBottom: 16 }} />
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Form>
        )}
      </Card>
    </>
  );
}
