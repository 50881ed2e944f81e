import { Alert, Button, Card, Form, Input, Result, Skeleton } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { portalApi, useWebForm, type WebFormRequest } from '../../modules/portal/index.ts';
import { ErrorAlert, problemText, useT } from '../../shared/index.ts';

/**
 * The public web form. `website` is the honeypot: out of sight and out of the tab order, so only a program fills it.
 * Inside another site's iframe it reports its height, which the embed script gives the frame.
 */
export function WebFormPage({ embedded = false }: { embedded?: boolean }) {
  const t = useT();
  const workspace = useParams().workspace ?? '';
  const opened = useWebForm(workspace);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [form] = Form.useForm<WebFormRequest>();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!embedded || !box.current || window.parent === window) return;
    const report = () => window.parent.postMessage({ type: 'kefu-form-height', height: document.documentElement.scrollHeight }, '*');
    const observer = new ResizeObserver(report);
    observer.observe(box.current);
    return () => observer.disconnect();
  }, [embedded, opened.data]);

  const submit = async (values: Omit<WebFormRequest, 'formToken'>) => {
    if (!opened.data) return;
    setPending(true);
    setError(null);
    try {
      const result = await portalApi.sendWebForm(workspace, { ...values, website: values.website ?? '', formToken: opened.data.formToken });
      setSent(result.ticketNumber);
      form.resetFields();
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  if (opened.error) return <ErrorAlert error={opened.error} />;
  if (!opened.data) return <Skeleton active />;
  return (
    <div ref={box}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('portal.form.title')}</h1>} style={{ maxWidth: 640, margin: embedded ? 0 : '0 auto' }}>
        {sent ? (
          <Result status="success" title={<span role="status" data-testid="web-form-sent">{t('portal.form.sent', { number: sent })}</span>} extra={<Button onClick={() => setSent(null)}>{t('portal.form.another')}</Button>} />
        ) : (
          <>
            <p style={{ marginTop: 0 }}>{t('portal.form.intro')}</p>
            <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
              <Form.Item name="name" label={t('portal.form.name')}>
                <Input maxLength={100} autoComplete="name" />
              </Form.Item>
              <Form.Item name="email" label={t('portal.email')} rules={[{ required: true, message: t('portal.emailRequired') }]}>
                <Input type="email" autoComplete="email" inputMode="email" />
              </Form.Item>
              <Form.Item name="subject" label={t('portal.subject')} rules={[{ required: true, whitespace: true, message: t('portal.subjectRequired') }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="message" label={t('portal.message')} rules={[{ required: true, whitespace: true, message: t('portal.messageRequired') }]}>
                <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} />
              </Form.Item>
              <div aria-hidden="true" style={{ position: 'absolute', left: -10_000, width: 1, height: 1, overflow: 'hidden' }}>
                <Form.Item name="website" label={t('portal.form.honeypot')}>
                  <Input tabIndex={-1} autoComplete="off" />
                </Form.Item>
              </div>
              {error !== null && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={problemText(error, t)} />}
              <Button type="primary" htmlType="submit" loading={pending}>{t('portal.submit')}</Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
