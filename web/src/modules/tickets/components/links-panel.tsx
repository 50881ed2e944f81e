import { BranchesOutlined, CloseOutlined, LinkOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Input, Modal, theme } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError, useT, useToast } from '../../../shared/index.ts';
import { ticketsApi, type TicketDetail } from '../api.ts';
import { ticketKeys } from '../hooks.ts';
import { StatusTag } from './ticket-labels.tsx';

/** Related tickets: link by number, unlink, or merge this ticket into another (it is then closed). */
export function LinksPanel({ ticket, canMerge, canWrite }: { ticket: TicketDetail; canMerge: boolean; canWrite: boolean }) {
  const t = useT();
  const { token } = theme.useToken();
  const message = useToast();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [linkNumber, setLinkNumber] = useState('');
  const [mergeOpen, setMergeOpen] = useState(false);
  const [mergeNumber, setMergeNumber] = useState('');
  const [mergeTarget, setMergeTarget] = useState<TicketDetail>();
  const [mergeError, setMergeError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ticketKeys.all });
  const errorText = (error: unknown) => (error instanceof ApiError ? error.message : t('errors.network'));

  const link = async () => {
    if (!linkNumber.trim()) return;
    setBusy(true);
    try {
      const other = await ticketsApi.getByNumber(linkNumber.trim());
      await ticketsApi.link(ticket.id, other.id);
      setLinkNumber('');
      await refresh();
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const unlink = async (linkedId: string) => {
    try {
      await ticketsApi.unlink(ticket.id, linkedId);
      await refresh();
    } catch (error) {
      message.error(errorText(error));
    }
  };

  const findMergeTarget = async () => {
    setMergeError(undefined);
    setMergeTarget(undefined);
    try {
      const target = await ticketsApi.getByNumber(mergeNumber.trim());
      if (target.id === ticket.id) setMergeError(t('links.mergeSelf'));
      else setMergeTarget(target);
    } catch (error) {
      setMergeError(errorText(error));
    }
  };

  const merge = async () => {
    if (!mergeTarget) return;
    setBusy(true);
    try {
      await ticketsApi.merge(ticket.id, mergeTarget.id);
      message.success(t('links.merged', { number: mergeTarget.number }));
      setMergeOpen(false);
      await refresh();
      navigate(`/tickets/${mergeTarget.id}`);
    } catch (error) {
      setMergeError(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={8}>
      {ticket.links.length === 0 && <div style={{ color: token.colorTextTertiary }}>{t('links.none')}</div>}
      {ticket.links.map((linked) => (
        <Flex key={linked.id} align="center" gap={8}>
          <StatusTag status={linked.status} />
          <Link to={`/tickets/${linked.id}`} style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {linked.number} {linked.subject}
          </Link>
          {canWrite && <Button size="small" type="text" aria-label={t('links.unlink', { number: linked.number })} icon={<CloseOutlined aria-hidden />} onClick={() => void unlink(linked.id)} />}
        </Flex>
      ))}
      {canWrite && (
        <Flex gap={4}>
          <Input size="small" value={linkNumber} onChange={(event) => setLinkNumber(event.target.value)} onPressEnter={() => void link()} placeholder={t('links.numberPlaceholder')} aria-label={t('links.numberPlaceholder')} />
          <Button size="small" icon={<LinkOutlined aria-hidden />} loading={busy} onClick={() => void link()}>
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
        okButtonProps={{ danger: true, disabled: !mergeTarget, loading: busy }}
        onOk={() => void merge()}
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
