import { PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Form, Input, List, Skeleton, Steps, Tag, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useAskAssistant, useCreatePortalTicket, useMyTicket, useMyTickets, usePortalReply, useSetPortalPassword, type AssistantAnswer, type PortalTicketDetail } from '../../modules/portal/index.ts';
import { AssistantAnswerCard, AssistantSolved } from './assistant-answer.tsx';
import { ErrorAlert, formatDateTime, problemText, useT, useToast, type MessageKey } from '../../shared/index.ts';

const useWorkspace = () => useParams().workspace ?? '';
const STAGES = ['intake', 'handling', 'resolution', 'closure'] as const;
const STATUS_COLORS: Record<string, string> = { new: 'blue', open: 'processing', pending: 'orange', on_hold: 'default', solved: 'green', closed: 'default' };

const filesOf = (list: UploadFile[]) => list.flatMap((file) => (file.originFileObj ? [file.originFileObj as File] : []));

function StatusTag({ status }: { status: string }) {
  const t = useT();
  return <Tag color={STATUS_COLORS[status]}>{t(`portal.status.${status}` as MessageKey)}</Tag>;
}

/** Files picked here leave with the words (uploaded first, on send). */
function AttachFiles({ files, onChange }: { files: UploadFile[]; onChange: (files: UploadFile[]) => void }) {
  const t = useT();
  return (
    <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => onChange(fileList)}>
      <Button icon={<PaperClipOutlined aria-hidden />}>{t('portal.attach')}</Button>
    </Upload>
  );
}

function SetPassword() {
  const t = useT();
  const toast = useToast();
  const workspace = useWorkspace();
  const save = useSetPortalPassword(workspace);
  const [form] = Form.useForm<{ password: string }>();
  return (
    <Card size="small" title={t('portal.setPassword')} style={{ marginTop: 24 }}>
      <p style={{ marginTop: 0 }}>{t('portal.setPasswordIntro')}</p>
      <Form form={form} layout="inline" onFinish={({ password }) => save.mutate(password, { onSuccess: () => { form.resetFields(); toast.success(t('portal.passwordSaved')); } })}>
        <Form.Item name="password" style={{ flex: 1, minWidth: 200 }}>
          <Input.Password aria-label={t('portal.newPassword')} placeholder={t('portal.newPassword')} autoComplete="new-password" />
        </Form.Item>
        <Button htmlType="submit" loading={save.isPending}>{t('portal.setPassword')}</Button>
      </Form>
      {save.error && <Alert type="error" showIcon role="alert" style={{ marginTop: 8 }} message={problemText(save.error, t)} />}
    </Card>
  );
}

export function MyTickets() {
  const t = useT();
  const workspace = useWorkspace();
  const tickets = useMyTickets(workspace);
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <h1 style={{ fontSize: 22 }}>{t('portal.myTickets')}</h1>
        <Link to={`/portal/${workspace}/new`}>
          <Button type="primary" icon={<PlusOutlined aria-hidden />}>{t('portal.newTicket')}</Button>
        </Link>
      </Flex>
      <ErrorAlert error={tickets.error} />
      {!tickets.data ? (
        <Skeleton active />
      ) : (
        <List
          data-testid="portal-tickets"
          bordered
          dataSource={tickets.data}
          locale={{ emptyText: <Empty description={t('portal.noTickets')} /> }}
          renderItem={(ticket) => (
            <List.Item extra={<StatusTag status={ticket.status} />}>
              <List.Item.Meta
                title={<Link to={`/portal/${workspace}/tickets/${ticket.id}`} translate="no">{ticket.subject}</Link>}
                description={`${t('portal.ticketNumber', { number: ticket.number })} · ${t('portal.updated', { time: formatDateTime(ticket.lastMessageAt ?? ticket.updatedAt) })}`}
              />
            </List.Item>
          )}
        />
      )}
      <SetPassword />
    </>
  );
}

export function NewTicket() {
  const t = useT();
  const toast = useToast();
  const workspace = useWorkspace();
  const navigate = useNavigate();
  const create = useCreatePortalTicket(workspace);
  const ask = useAskAssistant(workspace);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [answer, setAnswer] = useState<AssistantAnswer | null>(null);
  const [solved, setSolved] = useState(false);
  const [form] = Form.useForm<{ subject: string; message: string }>();
  const send = (values: { subject: string; message: string }, conversation: AssistantAnswer | null) =>
    create.mutate(
      { body: { ...values, ...(conversation ? { assistantConversation: { id: conversation.conversationId, token: conversation.token } } : {}) }, files: filesOf(files) },
      { onSuccess: (ticket) => { toast.success(t('portal.created', { number: ticket.number })); navigate(`/portal/${workspace}/tickets/${ticket.id}`); } },
    );
  // The bot answers first; without one (or when it cannot be reached) the request goes as it is.
  const submit = (values: { subject: string; message: string }) =>
    ask.mutate(values, {
      onSuccess: (reply) => (reply && reply.outcome !== 'handoff' ? setAnswer(reply) : send(values, reply)),
      onError: () => send(values, null),
    });
  if (solved) return <AssistantSolved extra={<Link to={`/portal/${workspace}`}><Button>{t('portal.back')}</Button></Link>} />;
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('portal.newTicket')}</h1>}>
      <Form form={form} layout="vertical" onFinish={submit} onValuesChange={() => setAnswer(null)} requiredMark={false}>
        <Form.Item name="subject" label={t('portal.subject')} rules={[{ required: true, whitespace: true, message: t('portal.subjectRequired') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="message" label={t('portal.message')} rules={[{ required: true, whitespace: true, message: t('portal.messageRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} />
        </Form.Item>
        <Form.Item>
          <AttachFiles files={files} onChange={setFiles} />
        </Form.Item>
        {answer && <AssistantAnswerCard workspace={workspace} answer={answer} onSolved={() => setSolved(true)} onSend={() => send(form.getFieldsValue(), answer)} sending={create.isPending} />}
        {create.error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={problemText(create.error, t)} />}
        <Flex gap={8} wrap>
          {!answer && <Button type="primary" htmlType="submit" loading={ask.isPending || create.isPending}>{t('portal.submit')}</Button>}
          <Link to={`/portal/${workspace}`}><Button>{t('portal.back')}</Button></Link>
        </Flex>
      </Form>
    </Card>
  );
}

function Conversation({ ticket }: { ticket: PortalTicketDetail }) {
  const t = useT();
  return (
    <List
      data-testid="portal-conversation"
      dataSource={ticket.messages}
      renderItem={(message) => {
        const mine = message.authorType === 'customer';
        return (
          <List.Item style={{ display: 'block', borderBlockEnd: 'none', padding: '6px 0' }}>
            <div style={{ marginInlineStart: mine ? 'auto' : 0, maxWidth: '88%', width: 'fit-content', background: mine ? '#e6f4ff' : '#f5f5f5', borderRadius: 8, padding: '8px 12px' }} data-author={message.authorType}>
              <div style={{ fontSize: 12, opacity: 0.7 }}>
                {mine ? t('portal.you') : <span translate="no">{message.authorName || t('portal.support')}</span>} · {formatDateTime(message.createdAt)}
              </div>
              <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} translate="no">{message.body}</div>
              {message.attachments.map((file) => (
                <div key={file.id}>
                  <a href={file.url} target="_blank" rel="noreferrer"><PaperClipOutlined aria-hidden /> <span translate="no">{file.filename}</span></a>
                </div>
              ))}
            </div>
          </List.Item>
        );
      }}
    />
  );
}

function ReplyBox({ ticketId }: { ticketId: string }) {
  const t = useT();
  const toast = useToast();
  const workspace = useWorkspace();
  const reply = usePortalReply(workspace, ticketId);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const send = () => {
    if (!body.trim() || reply.isPending) return;
    reply.mutate({ body: { body }, files: filesOf(files) }, { onSuccess: () => { setBody(''); setFiles([]); toast.success(t('portal.replySent')); } });
  };
  return (
    <section aria-label={t('portal.reply')} style={{ marginTop: 16 }}>
      <Input.TextArea aria-label={t('portal.reply')} value={body} onChange={(event) => setBody(event.target.value)} placeholder={t('portal.replyPlaceholder')} autoSize={{ minRows: 3, maxRows: 10 }} />
      {reply.error && <Alert type="error" showIcon role="alert" style={{ marginTop: 8 }} message={problemText(reply.error, t)} />}
      <Flex justify="space-between" align="start" gap={8} wrap style={{ marginTop: 8 }}>
        <AttachFiles files={files} onChange={setFiles} />
        <Button type="primary" onClick={send} loading={reply.isPending} disabled={!body.trim()}>{t('portal.sendReply')}</Button>
      </Flex>
    </section>
  );
}

export function TicketPage() {
  const t = useT();
  const workspace = useWorkspace();
  const { id = '' } = useParams();
  const ticket = useMyTicket(workspace, id);
  if (ticket.error) return <ErrorAlert error={ticket.error} />;
  if (!ticket.data) return <Skeleton active />;
  const data = ticket.data;
  const current = Math.max(0, STAGES.indexOf(data.stage === 'waiting' ? 'handling' : (data.stage as (typeof STAGES)[number])));
  return (
    <>
      <Link to={`/portal/${workspace}`}>← {t('portal.back')}</Link>
      <Flex align="center" gap={8} wrap style={{ margin: '12px 0' }}>
        <h1 style={{ fontSize: 22, margin: 0 }} translate="no">{data.subject}</h1>
        <StatusTag status={data.status} />
      </Flex>
      <div style={{ opacity: 0.7, marginBottom: 12 }}>{t('portal.ticketNumber', { number: data.number })}</div>
      <Steps size="small" responsive={false} labelPlacement="vertical" current={current} items={STAGES.map((stage) => ({ title: t(`portal.progress.${stage}` as MessageKey) }))} style={{ marginBottom: 16 }} />
      {data.ratingUrl && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('portal.rateIntro')} action={<a href={data.ratingUrl} target="_blank" rel="noreferrer" data-testid="portal-rate">{t('portal.rate')}</a>} />
      )}
      <Conversation ticket={data} />
      {data.canReply ? <ReplyBox ticketId={data.id} /> : <Alert type="warning" showIcon message={t('portal.closedNote')} style={{ marginTop: 16 }} />}
    </>
  );
}
