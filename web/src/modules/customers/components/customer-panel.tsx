import { EyeInvisibleOutlined, EyeOutlined, MailOutlined, PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Skeleton, Tag, theme, Tooltip } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { RelativeTime, useT } from '../../../shared/index.ts';
import { useSession } from '../../identity/index.ts';
import { StatusTag, ticketsApi } from '../../tickets/index.ts';
import { customerKeys, customersApi } from '../api.ts';
import { isMasked, maskEmail, maskPhone } from '../mask.ts';

/**
 * Who the customer is and what else they asked. Contacts are shown masked; people allowed to see
 * them in full can reveal them (the server masks them anyway for everyone else).
 */
export function CustomerPanel({ customerId, currentTicketId }: { customerId: string; currentTicketId: string }) {
  const t = useT();
  const { token } = theme.useToken();
  const { can } = useSession();
  const [revealed, setRevealed] = useState(false);
  const customer = useQuery({ queryKey: customerKeys.detail(customerId), queryFn: () => customersApi.get(customerId) });
  const others = useQuery({
    queryKey: ['tickets', 'by-customer', customerId],
    queryFn: () => ticketsApi.list({ view: 'all', customer: customerId, sort: 'created_at' }, null, 11),
  });
  if (customer.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (!customer.data) return null;
  const c = customer.data;
  const canReveal = can('contacts.unmasked');
  const show = (value: string, mask: (v: string) => string) => (isMasked(value) || !canReveal || !revealed ? (isMasked(value) ? value : mask(value)) : value);
  const otherTickets = (others.data?.items ?? []).filter((ticket) => ticket.id !== currentTicketId).slice(0, 10);

  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center">
        <div>
          <div style={{ fontWeight: 600, fontSize: 15 }}>{c.name || t('ticket.unknownCustomer')}</div>
          {c.organization && <div style={{ color: token.colorTextSecondary }}>{c.organization}</div>}
        </div>
        {canReveal && (c.email || c.phone) && (
          <Tooltip title={revealed ? t('customer.hideContact') : t('customer.showContact')}>
            <Button
              type="text"
              size="small"
              aria-label={revealed ? t('customer.hideContact') : t('customer.showContact')}
              aria-pressed={revealed}
              icon={revealed ? <EyeInvisibleOutlined aria-hidden /> : <EyeOutlined aria-hidden />}
              onClick={() => setRevealed(!revealed)}
            />
          </Tooltip>
        )}
      </Flex>
      {c.email && (
        <div data-testid="customer-email">
          <MailOutlined aria-hidden style={{ color: token.colorTextTertiary, marginRight: 6 }} />
          {show(c.email, maskEmail)}
        </div>
      )}
      {c.phone && (
        <div data-testid="customer-phone">
          <PhoneOutlined aria-hidden style={{ color: token.colorTextTertiary, marginRight: 6 }} />
          {show(c.phone, maskPhone)}
        </div>
      )}
      {c.tags.length > 0 && (
        <div>
          {c.tags.map((tag) => (
            <Tag key={tag}>{tag}</Tag>
          ))}
        </div>
      )}
      {c.notes && <div style={{ color: token.colorTextSecondary, whiteSpace: 'pre-wrap' }}>{c.notes}</div>}
      <div style={{ marginTop: 8, fontWeight: 500 }}>{t('customer.otherTickets')}</div>
      {otherTickets.length === 0 && !others.isPending && <div style={{ color: token.colorTextTertiary }}>{t('customer.noOtherTickets')}</div>}
      {otherTickets.map((ticket) => (
        <Link key={ticket.id} to={`/tickets/${ticket.id}`} style={{ display: 'flex', gap: 8, alignItems: 'center', color: token.colorText }}>
          <StatusTag status={ticket.status} />
          <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{ticket.subject}</span>
          <span style={{ color: token.colorTextTertiary, fontSize: 12 }}>
            <RelativeTime value={ticket.createdAt} />
          </span>
        </Link>
      ))}
    </Flex>
  );
}
