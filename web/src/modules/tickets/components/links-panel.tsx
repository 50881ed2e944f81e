import { BranchesOutlined, CloseOutlined, LinkOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Modal, theme } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { problemText, useT, useToast } from '../../../shared/index.ts';
import { ticketsApi, type TicketDetail } from '../api.ts';
import { useLinkTicket, useMergeTicket, useUnlinkTicket } from '../hooks.ts';
import { StatusTag } from './ticket-labels.tsx';

/** Related tickets: link by number, unlink, or merge this ticket into another (it is then closed). */
export function LinksPanel({ ticket, canMerge, canWrite }: { ticket: TicketDetail; canMerge: boolean; canWrite: boolean }) {
  const t = useT();
  const { token } = theme.useToken();
  const message = useToast();
  const navigate = useNavigate();
  const [linkNumber, setLinkNumber] = useState('');
  const [mergeOpen, setMergeOpen] = useState(false);
  const [mergeNumber, setMergeNumber] = useState('');
  const [mergeTarget, setMergeTarget] = useState<TicketDetail>();
  const [lookupError, setLookupError] = useState<string>();
  const linkTicket = useLinkTicket(ticket.id);
  const unlink = useUnlinkTicket(ticket.id);
  // Merge problems are shown in its dialog, beside the number they concern.
  const merge = useMergeTicket(ticket.id, { inline: true });
  const mergeError = lookupError ?? (merge.error ? problemText(merge.error, t) : undefined);

  const link = () => {
    if (linkNumber.trim()) linkTicket.mutate(linkNumber.trim(), { onSuccess: () => setLinkNumber('') });
  };

  // Looking the target up is a read, not a change: it stays a plain call.
  const findMergeTarget = async () => {
    setLookupError(undefined);
    setMergeTarget(undefined);
    merge.reset();
    try {
      const target = await ticketsApi.getByNumber(mergeNumber.trim());
      if (target.id === ticket.id) setLookupError(t('links.mergeSelf'));
      else setMergeTarget(target);
    } catch (error) {
      setLookupError(problemText(error, t));
    }
  };

  const mergeInto = (target: TicketDetail) =>
    merge.mutate(target.id, {
      onSuccess: () => {
        message.success(t('links.merged', { number: target.number }));
        setMergeOpen(false);
        navigate(`/tickets/${target.id}`);
      },
    });

  return (
    <Flex vertical gap={8}>
      {ticket.links.length === 0 && <div style={{ color: token.colorTextTertiary }}>{t('links.none')}</div>}
      {ticket.links.map((linked) => (
        <Flex key={linked.id} align="center" gap={8}>
          <StatusTag status={linked.status} />
          <Link to={`/tickets/${linked.id}`} style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {linked.number} {linked.subject}
          </Link>
          {canWrite && <Button size="small" type="text" aria-label={t('links.unlink', { number: linked.number })} icon={<CloseOutlined aria-hidden />} onClick={() => unlink.mutate(linked.id)} />}
        </Flex>
      ))}
      {canWrite && (
        <Flex gap={4}>
          <Input size="small" value={linkNumber} onChange={(event) => setLinkNumber(event.target.value)} onPressEnter={link} placeholder={t('links.numberPlaceholder')} aria-label={t('links.numberPlaceholder')} />
          <Button size="small" icon={<LinkOutlined aria-hidden />} loading={linkTicket.isPending} onClick={link}>
            {t('links.link')}
          </Button>
        </Flex>
      )}
      {canMerge && !ticket.mergedIntoId && ticket.status !== 'closed' && (
        <Button size="small" icon={<BranchesOutlined aria-hidden />} onClick={() => setMergeOpen(true)}>
          {t('links.mergeInto')}
        </Button>
      )}
      <Modal
        open={mergeOpen}
        title={t('links.mergeTitle', { number: ticket.number })}
        onCancel={() => setMergeOpen(false)}
        okText={t('links.mergeConfirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: !mergeTarget, loading: merge.isPending }}
        onOk={() => mergeTarget && mergeInto(mergeTarget)}
      >
        <p>{t('links.mergeExplain')}</p>
        <Input.Search value={mergeNumber} onChange={(event) => setMergeNumber(event.target.value)} onSearch={() => void findMergeTarget()} placeholder={t('links.numberPlaceholder')} aria-label={t('links.numberPlaceholder')} enterButton={t('links.find')} />
        {mergeError && <div role="alert" style={{ color: token.colorError, marginTop: 8 }}>{mergeError}</div>}
        {mergeTarget && (
          <Flex gap={8} align="center" style={{ marginTop: 12 }}>
            <StatusTag status={mergeTarget.status} />
            <strong>{mergeTarget.number}</strong>
            <span>{mergeTarget.subject}</span>
          </Flex>
        )}
      </Modal>
    </Flex>
  );
}
