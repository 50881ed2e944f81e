import { ArrowLeftOutlined, DownOutlined, UpOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Skeleton, theme, Tooltip } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { MacroPicker } from '../../modules/automation/index.ts';
import { ProgressUpdatePanel } from '../../modules/channels/index.ts';
import { TriagePanel } from '../../modules/bot/index.ts';
import { SubtasksPanel } from '../../modules/collaboration/index.ts';
import { ComplaintPanel } from '../../modules/complaints/index.ts';
import { CustomerPanel } from '../../modules/customers/index.ts';
import { AssistPanel } from '../../modules/kb/index.ts';
import { useRequiredSession, useSession, useTeams, useUserNames } from '../../modules/identity/index.ts';
import { CallDetails, ReplyWindowNotice, type WechatConversation } from '../../modules/messaging/index.ts';
import { slaKeys, SlaPanel } from '../../modules/sla/index.ts';
import {
  Composer,
  CustomFieldsPanel,
  LinksPanel,
  neighbourOf,
  PriorityPill,
  readInboxOrder,
  StatusTag,
  ticketKeys,
  TicketProperties,
  ticketsApi,
  TicketTimeline,
  UrgencyTag,
  useTypeName,
  useUpdateTicket,
  type ComposerHandle,
  type TicketUpdate,
} from '../../modules/tickets/index.ts';
import { ErrorAlert, formatDateTime, labelOf, RelativeTime, useShortcuts, useT } from '../../shared/index.ts';

function Panel({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const { token } = theme.useToken();
  return (
    <section aria-label={title} data-testid={testId} style={{ background: token.colorBgContainer, border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadiusLG, padding: '12px 14px' }}>
      <h2 style={{ fontSize: 13, fontWeight: 600, margin: '0 0 10px', color: token.colorTextSecondary, textTransform: 'uppercase', letterSpacing: 0.4 }}>{title}</h2>
      {children}
    </section>
  );
}

export default function TicketPage() {
  const t = useT();
  const { id = '' } = useParams();
  const session = useRequiredSession();
  const { can } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { token } = theme.useToken();
  const userName = useUserNames();
  const teams = useTeams();
  const typeName = useTypeName();
  const composer = useRef<ComposerHandle>(null);
  const save = useUpdateTicket(id);
  const order = readInboxOrder();

  const ticket = useQuery({ queryKey: ticketKeys.detail(id), queryFn: () => ticketsApi.get(id) });
  const messages = useQuery({ queryKey: ticketKeys.messages(id), queryFn: () => ticketsApi.messages(id).then((page) => page.items) });
  const timeline = useQuery({ queryKey: ticketKeys.timeline(id), queryFn: () => ticketsApi.timeline(id).then((page) => page.items) });

  useEffect(() => {
    if (ticket.data) document.title = `${ticket.data.number} ${ticket.data.subject} · ${t('name.product')}`;
  }, [ticket.data, t]);

  // A change to the ticket moves its SLA clocks: the SLA panel (another module's query) is refetched with it.
  const refreshSla = () => void queryClient.invalidateQueries({ queryKey: slaKeys.ticket(id) });
  const update = (patch: TicketUpdate) => {
    if (ticket.data) save.mutate({ version: ticket.data.version, patch }, { onSettled: refreshSla });
  };

  const go = (step: 1 | -1) => {
    const next = neighbourOf(order, id, step);
    if (next) navigate(`/tickets/${next}`);
  };
  const canWrite = can('tickets.write');
  const canAssign = can('tickets.assign');
  useShortcuts({
    r: () => composer.current?.focus('reply'),
    n: () => composer.current?.focus('note'),
    a: () => {
      if (canAssign && ticket.data && ticket.data.assignee?.id !== session.user.id) update({ assigneeId: session.user.id });
    },
    j: () => go(1),
    k: () => go(-1),
    escape: () => navigate(order?.from ?? '/inbox'),
  });

  if (ticket.error) return <ErrorAlert error={ticket.error} />;
  if (!ticket.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const data = ticket.data;
  const names = {
    user: (userId: string | null | undefined) => userName(userId) || t('ticket.unassigned'),
    team: (teamId: string | null | undefined) => teams.data?.find((team) => team.id === teamId)?.name ?? (teamId ? teamId.slice(0, 8) : t('timeline.empty')),
    type: typeName,
  };
  const previous = neighbourOf(order, id, -1);
  const next = neighbourOf(order, id, 1);

  return (
    <div>
      <Flex align="center" gap={8} style={{ marginBottom: 8 }}>
        <Link to={order?.from ?? '/inbox'}>
          <ArrowLeftOutlined aria-hidden /> {t('nav.inbox')}
        </Link>
        <div style={{ flex: 1 }} />
        <Tooltip title={`${t('shortcuts.previous')} (k)`}>
          <Button size="small" icon={<UpOutlined aria-hidden />} disabled={!previous} onClick={() => go(-1)} aria-label={t('shortcuts.previous')} />
        </Tooltip>
        <Tooltip title={`${t('shortcuts.next')} (j)`}>
          <Button size="small" icon={<DownOutlined aria-hidden />} disabled={!next} onClick={() => go(1)} aria-label={t('shortcuts.next')} />
        </Tooltip>
      </Flex>
      <Flex align="center" gap={10} wrap style={{ marginBottom: 4 }}>
        <PriorityPill priority={data.priority} />
        <UrgencyTag urgency={data.urgency} />
        <h1 translate="no" style={{ margin: 0, fontSize: 20, fontWeight: 600, color: token.colorTextHeading }}>{data.subject}</h1>
        <StatusTag status={data.status} />
      </Flex>
      <div style={{ color: token.colorTextSecondary, marginBottom: 16, fontSize: 13 }}>
        <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}>{data.number}</span>
        {' · '}
        {typeName(data.type)}
        {' · '}
        {labelOf(t, 'channel', data.channel)}
        {' · '}
        {t('ticket.createdAt', { time: formatDateTime(data.createdAt) })}
        {' · '}
        {t('ticket.updated')} <RelativeTime value={data.updatedAt} />
        {data.mergedIntoId && (
          <>
            {' · '}
            <Link to={`/tickets/${data.mergedIntoId}`}>{t('ticket.mergedInto')}</Link>
          </>
        )}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 340px', gap: 16, alignItems: 'start' }}>
        <Flex vertical gap={12} style={{ minWidth: 0 }}>
          <ErrorAlert error={messages.error ?? timeline.error} />
          {messages.isPending || timeline.isPending ? <Skeleton active /> : (
            <TicketTimeline
              entries={timeline.data ?? []}
              messages={messages.data ?? []}
              names={names}
              renderEventDetails={(entry) => (entry.kind === 'phone.call' ? <CallDetails details={entry.details} content={entry.content} /> : null)}
            />
          )}
          {canWrite && data.status !== 'closed' && <ReplyWindowNotice conversation={data.extensions.wechat as WechatConversation | null | undefined} />}
          {canWrite && data.status !== 'closed' && <Composer ref={composer} ticketId={id} onSent={refreshSla} tools={<MacroPicker ticketId={id} />} />}
        </Flex>
        <Flex vertical gap={12}>
          <Panel title={t('ticket.properties')}>
            <TicketProperties ticket={data} canWrite={canWrite} canAssign={canAssign} myUserId={session.user.id} busy={save.isPending} onChange={update} />
            <CustomFieldsPanel ticket={data} disabled={!canWrite || save.isPending} onChange={update} />
          </Panel>
          {can('kb.read') && (
            <Panel title={t('kb.assist.title')} testId="kb-assist-section">
              <AssistPanel ticketId={id} canInsert={canWrite && data.status !== 'closed'} onInsert={(article) => composer.current?.insert({ text: article.text, attachments: article.attachments })} />
            </Panel>
          )}
          <Panel title={t('bot.triage.panel')} testId="triage-section">
            <TriagePanel ticketId={id} typeName={typeName} />
          </Panel>
          {data.customerId && (
            <Panel title={t('channels.progress.title')} testId="progress-update-section">
              <ProgressUpdatePanel ticketId={id} canWrite={canWrite && data.status !== 'closed' && data.status !== 'solved'} />
            </Panel>
          )}
          <Panel title={t('complaints.title')} testId="complaints-section">
            <ComplaintPanel ticketId={id} canWrite={canWrite && data.status !== 'closed'} />
          </Panel>
          <Panel title={t('collaboration.title')} testId="subtasks-section">
            <SubtasksPanel ticketId={id} canWrite={canWrite && data.status !== 'closed'} />
          </Panel>
          <Panel title={t('sla.title')} testId="sla-section">
            <SlaPanel ticketId={id} />
          </Panel>
          <Panel title={t('customer.title')}>
            <CustomerPanel customerId={data.customerId} currentTicketId={id} />
          </Panel>
          <Panel title={t('links.title')}>
            <LinksPanel ticket={data} canMerge={can('tickets.merge')} canWrite={canWrite} />
          </Panel>
        </Flex>
      </div>
    </div>
  );
}
