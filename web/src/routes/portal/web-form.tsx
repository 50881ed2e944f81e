import { Alert, Button, Card, Form, Input, Result, Skeleton } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { portalApi, useWebForm, type AssistantAnswer, type WebFormRequest } from '../../modules/portal/index.ts';
import { AssistantAnswerCard, AssistantSolved } from './assistant-answer.tsx';
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
  const [answer, setAnswer] = useState<AssistantAnswer | null>(null);
  const [solved, setSolved] = useState(false);
  const [form] = Form.useForm<WebFormRequest>();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!embedded || !box.current || window.parent === window) return;
    const report = () => window.parent.postMessage({ type: 'kefu-form-height', height: document.documentElement.scrollHeight }, '*');
    const observer = new ResizeObserver(report);
    observer.observe(box.current);
    return () => observer.disconnect();
  }, [embedded, opened.data]);

  const send = async (values: Omit<WebFormRequest, 'formToken'>, conversation: AssistantAnswer | null) => {
    if (!opened.data) return;
    setPending(true);
    setError(null);
    try {
      const assistantConversation = conversation ? { id: conversation.conversationId, token: conversation.token } : undefined;
      const result = await portalApi.sendWebForm(workspace, { ...values, website: values.website ?? '', formToken: opened.data.formToken, assistantConversation });
      setSent(result.ticketNumber);
      setAnswer(null);
      form.resetFields();
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  // The bot answers first (a program that filled the honeypot is not asked); without an answer the form goes as it is.
  const submit = async (values: Omit<WebFormRequest, 'formToken'>) => {
    if (values.website) return send(values, null);
    setPending(true);
    const reply = await portalApi.askAssistant(workspace, { subject: values.subject, message: values.message }).catch(() => null);
    setPending(false);
    if (reply && reply.outcome !== 'handoff') setAnswer(reply);
    else await send(values, reply);
  };

  if (opened.error) return <ErrorAlert error={opened.error} />;
  if (!opened.data) return <Skeleton active />;
  return (
    <div ref={box}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('portal.form.title')}</h1>} style={{ maxWidth: 640, margin: embedded ? 0 : '0 auto' }}>
        {solved ? (
          <AssistantSolved extra={<Button onClick={() => setSolved(false)}>{t('portal.form.another')}</Button>} />
        ) : sent ? (
          <Result status="success" title={<span role="status" data-testid="web-form-sent">{t('portal.form.sent', { number: sent })}</span>} extra={<Button onClick={() => setSent(null)}>{t('portal.form.another')}</Button>} />
        ) : (
          <>
            <p style={{ marginTop: 0 }}>{t('portal.form.intro')}</p>
            <Form form={form} layout="vertical" onFinish={submit} onValuesChange={() => setAnswer(null)} requiredMark={false}>
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
              {answer && <AssistantAnswerCard workspace={workspace} answer={answer} onSolved={() => { setSolved(true); setAnswer(null); form.resetFields(); }} onSend={() => void send(form.getFieldsValue(), answer)} sending={pending} />}
              {error !== null && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={problemText(error, t)} />}
              {!answer && <Button type="primary" htmlType="submit" loading={pending}>{t('portal.submit')}</Button>}
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
