import { useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Flex, Input, Popconfirm } from 'antd';
import { useState } from 'react';
import { ApiError, useT, useToast } from '../../../shared/index.ts';
import { ticketsApi, type SavedView, type TicketFilters } from '../api.ts';
import { ticketKeys } from '../hooks.ts';

/** Saves the inbox's current filters as a named view (optionally shared with the team), or deletes the open one. */
export default function SaveViewPanel({ filters, activeView, onDone }: { filters: TicketFilters; activeView?: SavedView; onDone: (viewId?: string) => void }) {
  const t = useT();
  const message = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [isShared, setShared] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      // A saved view stands on its own: the built-in view it started from becomes filters.
      const { view, ...rest } = filters;
      if (view === 'mine') rest.assignee ??= 'me';
      if (view === 'unassigned') rest.assignee ??= 'none';
      if (view === 'sla_at_risk') rest.slaAtRisk = true;
      const saved = await ticketsApi.createView({ name, filters: Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)), isShared });
      await queryClient.invalidateQueries({ queryKey: ticketKeys.views });
      message.success(t('views.saved'));
      onDone(saved.id);
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fieldErrors.map((f) => f.message).join(' ') || caught.message) : t('errors.network'));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!activeView) return;
    await ticketsApi.deleteView(activeView.id);
    await queryClient.invalidateQueries({ queryKey: ticketKeys.views });
    onDone(undefined);
  };

  return (
    <Flex vertical gap={8} style={{ width: 280 }}>
      <Input value={name} onChange={(event) => setName(event.target.value)} placeholder={t('views.namePlaceholder')} aria-label={t('views.namePlaceholder')} status={error ? 'error' : undefined} onPressEnter={() => void save()} autoFocus />
      {error && <div role="alert" style={{ color: 'var(--ant-color-error)' }}>{error}</div>}
      <Checkbox checked={isShared} onChange={(event) => setShared(event.target.checked)}>
        {t('views.shared')}
      </Checkbox>
      <Flex justify="space-between">
        {activeView?.isMine ? (
          <Popconfirm title={t('views.deleteConfirm', { name: activeView.name })} onConfirm={() => void remove()}>
            <Button size="small" danger>
              {t('views.delete')}
            </Button>
          </Popconfirm>
        ) : (
          <span />
        )}
        <Button size="small" type="primary" loading={busy} onClick={() => void save()}>
          {t('views.save')}
        </Button>
      </Flex>
    </Flex>
  );
}
