import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Descriptions, Empty, Flex, Input, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useUsers } from '../../identity/index.ts';
import { api, labelOf, PageHeader, problemText, useT, useToast } from '../../../shared/index.ts';
import { chatApi, type ChatConversation, type ChatDetail, type ChatMessage } from '../api.ts';
import { chatKeys, useCannedReplies, useChatAction, useChatDetail, useChatList, useChatPresence, useSetPresence } from '../hooks.ts';
import { notifyDesktop, playChime, useChatSocket, type ConsoleFrame } from '../use-chat-socket.ts';

const newClientId = () => `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** The messages of a chat: those read with it, then those that arrived live, once each, in seq order. */
function mergeMessages(stored: readonly ChatMessage[], live: readonly ChatMessage[]): ChatMessage[] {
  const bySeq = new Map<number, ChatMessage>();
  for (const message of [...stored, ...live]) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function ConversationItem({ chat, unread, active, onOpen }: { chat: ChatConversation; unread: number; active: boolean; onOpen: () => void }) {
  const t = useT();
  return (
    <List.Item onClick={onOpen} style={{ cursor: 'pointer', background: active ? 'rgba(22,119,255,0.08)' : undefined, paddingInline: 8 }} data-chat-id={chat.id}>
      <List.Item.Meta
        title={<Badge count={unread} size="small" offset={[8, 0]}><span translate="no">{chat.visitorName}</span></Badge>}
        description={<Space size={4}><Tag>{labelOf(t, 'chat.status', chat.status)}</Tag><span translate="no">{chat.ticketNumber}</span></Space>}
      />
    </List.Item>
  );
}

function CustomerPanel({ detail }: { detail: ChatDetail }) {
  const t = useT();
  const customer = detail.customer;
  return (
    <Card size="small" title={t('chat.customer')}>
      {!customer ? (
        <Empty description={t('chat.noCustomer')} />
      ) : (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('chat.name')}><span translate="no">{customer.name}</span></Descriptions.Item>
          {customer.email && <Descriptions.Item label={t('chat.email')}><span translate="no">{customer.email}</span></Descriptions.Item>}
          {customer.phone && <Descriptions.Item label={t('chat.phone')}><span translate="no">{customer.phone}</span></Descriptions.Item>}
          {customer.organization && <Descriptions.Item label={t('chat.organization')}><span translate="no">{customer.organization}</span></Descriptions.Item>}
          {customer.tags.length > 0 && <Descriptions.Item label={t('chat.tags')}>{customer.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)}</Descriptions.Item>}
        </Descriptions>
      )}
      <Typography.Title level={5}>{t('chat.ticket')}</Typography.Title>
      <Link to={`/tickets/${detail.conversation.ticketId}`}>{detail.conversation.ticketNumber}</Link>
      <Typography.Title level={5}>{t('chat.recentTickets')}</Typography.Title>
      {detail.recentTickets.length === 0 ? (
        <Typography.Text type="secondary">{t('chat.noRecentTickets')}</Typography.Text>
      ) : (
        <List size="small" dataSource={detail.recentTickets} renderItem={(ticket) => (
          <List.Item><Link to={`/tickets/${ticket.id}`}><span translate="no">{ticket.number} {ticket.subject}</span></Link> <Tag>{labelOf(t, 'status', ticket.status)}</Tag></List.Item>
        )} />
      )}
    </Card>
  );
}

/**
 * The agent's live-chat console: the queue and the agent's chats, the open chat with its messages, typing and read
 * marks, canned replies, accept / transfer / end, and the customer beside it. New chats and messages chime and, with
 * the tab hidden, raise a desktop notification.
 */
export function ChatConsole() {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useChatList();
  const presence = useChatPresence();
  const setPresence = useSetPresence();
  const canned = useCannedReplies();
  const users = useUsers();
  const action = useChatAction();
  const [selected, setSelected] = useState<string>();
  const detail = useChatDetail(selected);
  const [live, setLive] = useState<Record<string, ChatMessage[]>>({});
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [visitorTyping, setVisitorTyping] = useState<Record<string, boolean>>({});
  const [visitorRead, setVisitorRead] = useState<Record<string, number>>({});
  const [draft, setDraft] = useState('');
  const [transferTo, setTransferTo] = useState<string>();
  const typingSent = useRef<{ on: boolean; timer?: ReturnType<typeof setTimeout> }>({ on: false });
  const bottom = useRef<HTMLDivElement>(null);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  const socket = useChatSocket((frame: ConsoleFrame) => {
    const conversationId = frame.conversationId as string | undefined;
    if (frame.type === 'changed') {
      void queryClient.invalidateQueries({ queryKey: chatKeys.all });
      if (frame.status === 'queued') {
        playChime();
        notifyDesktop(t('chat.notify.newChat'), t('chat.notify.newChatBody'));
      }
    } else if (frame.type === 'message' && conversationId) {
      const message = frame.message as ChatMessage;
      setLive((current) => ({ ...current, [conversationId]: [...(current[conversationId] ?? []), message] }));
      if (message.authorType === 'visitor') {
        setVisitorTyping((current) => ({ ...current, [conversationId]: false }));
        if (conversationId !== selectedRef.current || document.hidden) {
          setUnread((current) => ({ ...current, [conversationId]: (current[conversationId] ?? 0) + 1 }));
          playChime();
          notifyDesktop(t('chat.notify.newMessage'), message.body);
        }
      }
    } else if (frame.type === 'typing' && conversationId) {
      setVisitorTyping((current) => ({ ...current, [conversationId]: frame.on === true }));
    } else if (frame.type === 'read' && conversationId) {
      setVisitorRead((current) => ({ ...current, [conversationId]: Number(frame.seq) }));
    } else if (frame.type === 'error') {
      toast.error(String(frame.detail ?? ''));
    }
  });

  const chats = list.data ?? [];
  const waiting = chats.filter((chat) => chat.status === 'queued' || chat.status === 'bot');
  const mine = chats.filter((chat) => chat.status === 'active');
  const ended = chats.filter((chat) => chat.status === 'ended');
  const current = detail.data;
  const messages = useMemo(() => (current ? mergeMessages(current.messages, live[current.conversation.id] ?? []) : []), [current, live]);
  const lastVisitorSeq = messages.filter((message) => message.authorType === 'visitor').at(-1)?.seq ?? 0;
  const readByVisitor = current ? Math.max(current.conversation.visitorReadSeq, visitorRead[current.conversation.id] ?? 0) : 0;
  const isHolder = current?.conversation.status === 'active';

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
    if (!selected || !isHolder || lastVisitorSeq === 0) return;
    socket.send({ type: 'read', conversationId: selected, seq: lastVisitorSeq });
    setUnread((counts) => ({ ...counts, [selected]: 0 }));
  }, [selected, messages.length, isHolder, lastVisitorSeq]);

  const open = (id: string) => {
    setSelected(id);
    setDraft('');
    setUnread((counts) => ({ ...counts, [id]: 0 }));
  };

  const announceTyping = (on: boolean) => {
    if (!selected) return;
    clearTimeout(typingSent.current.timer);
    if (on) typingSent.current.timer = setTimeout(() => announceTyping(false), 3000);
    if (typingSent.current.on === on) return;
    typingSent.current.on = on;
    socket.send({ type: 'typing', conversationId: selected, on });
  };

  const send = async (text: string) => {
    if (!selected || !text.trim()) return;
    const frame = { type: 'message', conversationId: selected, clientId: newClientId(), text };
    setDraft('');
    announceTyping(false);
    if (socket.send(frame)) return;
    // The socket is down: the same message over HTTP (the client id keeps a retry from doubling it).
    try {
      const message = await api.post<ChatMessage>(`/api/v1/chat/conversations/${selected}/messages`, { clientId: frame.clientId, text });
      setLive((currentLive) => ({ ...currentLive, [selected]: [...(currentLive[selected] ?? []), message] }));
    } catch (error) {
      toast.error(problemText(error, t));
      setDraft(text);
    }
  };

  const run = (id: string, kind: 'accept' | 'end' | 'transfer', agentId?: string) =>
    action.mutate({ id, action: kind, agentId }, { onSuccess: () => (kind === 'accept' ? open(id) : undefined) });

  const notificationsOff = typeof Notification !== 'undefined' && Notification.permission === 'default';
  const agentOptions = (users.data ?? []).filter((user) => user.isActive && user.role !== 'analyst' && user.id !== current?.conversation.agentId).map((user) => ({ value: user.id, label: user.name }));

  return (
    <>
      <PageHeader
        title={t('chat.title')}
        subtitle={presence.data ? t('chat.capacity', { active: presence.data.active, capacity: presence.data.capacity }) : undefined}
        extra={
          <>
            <Tag color={socket.connected ? 'green' : 'red'}>{socket.connected ? t('chat.connected') : t('chat.disconnected')}</Tag>
            {notificationsOff && <Button onClick={() => void Notification.requestPermission()}>{t('chat.enableNotifications')}</Button>}
            <Segmented
              aria-label={t('chat.presence')}
              value={presence.data?.status ?? 'offline'}
              onChange={(value) => setPresence.mutate(value as 'online' | 'away' | 'offline')}
              options={(['online', 'away', 'offline'] as const).map((value) => ({ value, label: t(`chat.presence.${value}`) }))}
            />
          </>
        }
      />
      <Flex gap={12} align="stretch" style={{ minHeight: 520 }}>
        <Card size="small" style={{ width: 260, flex: 'none' }} title={t('chat.waiting', { count: waiting.length })}>
          <List size="small" locale={{ emptyText: t('chat.noneWaiting') }} dataSource={waiting} renderItem={(chat) => (
            <Flex align="center" justify="space-between">
              <ConversationItem chat={chat} unread={0} active={chat.id === selected} onOpen={() => open(chat.id)} />
              <Button size="small" type="primary" loading={action.isPending} onClick={() => run(chat.id, 'accept')}>{t('chat.accept')}</Button>
            </Flex>
          )} />
          <Typography.Title level={5} style={{ marginTop: 12 }}>{t('chat.mine', { count: mine.length })}</Typography.Title>
          <List size="small" locale={{ emptyText: t('chat.noneMine') }} dataSource={mine} renderItem={(chat) => <ConversationItem chat={chat} unread={unread[chat.id] ?? 0} active={chat.id === selected} onOpen={() => open(chat.id)} />} />
          {ended.length > 0 && <Typography.Title level={5} style={{ marginTop: 12 }}>{t('chat.recentlyEnded')}</Typography.Title>}
          <List size="small" dataSource={ended} renderItem={(chat) => <ConversationItem chat={chat} unread={0} active={chat.id === selected} onOpen={() => open(chat.id)} />} />
        </Card>

        <Card size="small" style={{ flex: 1, minWidth: 0 }} title={current ? <span translate="no">{current.conversation.visitorName}</span> : t('chat.title')}
          extra={current && isHolder && (
            <Space>
              <Select size="small" style={{ width: 160 }} placeholder={t('chat.transferTo')} options={agentOptions} value={transferTo} onChange={setTransferTo} aria-label={t('chat.transferTo')} />
              <Button size="small" disabled={!transferTo} onClick={() => transferTo && run(current.conversation.id, 'transfer', transferTo)}>{t('chat.transfer')}</Button>
              <Button size="small" danger onClick={() => run(current.conversation.id, 'end')}>{t('chat.end')}</Button>
            </Space>
          )}>
          {!current ? (
            <Empty description={t('chat.select')} />
          ) : (
            <Flex vertical gap={8} style={{ height: 460 }}>
              <div style={{ flex: 1, overflowY: 'auto' }} data-testid="chat-messages">
                {messages.map((message) => (
                  <Flex key={message.seq} vertical align={message.authorType === 'agent' ? 'flex-end' : message.authorType === 'system' ? 'center' : 'flex-start'} style={{ margin: '6px 0' }}>
                    <div translate="no" data-author={message.authorType} style={{ maxWidth: '75%', whiteSpace: 'pre-wrap', padding: '6px 10px', borderRadius: 8, background: message.authorType === 'agent' ? '#1677ff' : message.authorType === 'system' ? 'transparent' : 'rgba(0,0,0,0.06)', color: message.authorType === 'agent' ? '#fff' : undefined }}>
                      {message.body}
                      {message.attachments.map((file) => <div key={file.id}><a href={chatApi.attachmentUrl(current.conversation.id, file.id)} target="_blank" rel="noreferrer">📎 {file.filename}</a></div>)}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                      {message.authorType === 'bot' ? t('chat.author.bot') : ''}
                      {message.authorType === 'agent' && message.seq <= readByVisitor ? t('chat.read') : ''}
                    </Typography.Text>
                  </Flex>
                ))}
                <div ref={bottom} />
              </div>
              <Typography.Text type="secondary" style={{ minHeight: 20 }}>{visitorTyping[current.conversation.id] ? t('chat.visitorTyping') : ''}</Typography.Text>
              {isHolder && (
                <Flex gap={8} align="flex-end">
                  <Select style={{ width: 150 }} placeholder={t('chat.canned')} aria-label={t('chat.canned')} value={null} options={(canned.data ?? []).map((reply) => ({ value: reply.id, label: reply.title }))} onChange={(id) => setDraft((canned.data ?? []).find((reply) => reply.id === id)?.body ?? '')} />
                  <Input.TextArea
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    value={draft}
                    placeholder={t('chat.placeholder')}
                    aria-label={t('chat.placeholder')}
                    onChange={(event) => {
                      setDraft(event.target.value);
                      announceTyping(event.target.value.length > 0);
                    }}
                    onPressEnter={(event) => {
                      if (event.shiftKey || event.nativeEvent.isComposing) return;
                      event.preventDefault();
                      void send(draft);
                    }}
                  />
                  <Button type="primary" onClick={() => void send(draft)}>{t('chat.send')}</Button>
                </Flex>
              )}
            </Flex>
          )}
        </Card>

        <div style={{ width: 280, flex: 'none' }}>{current ? <CustomerPanel detail={current} /> : null}</div>
      </Flex>
    </>
  );
}
