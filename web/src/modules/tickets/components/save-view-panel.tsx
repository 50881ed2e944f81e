import { Button, Checkbox, Flex, Input, Popconfirm } from 'antd';
import { useState } from 'react';
import { problemText, useT } from '../../../shared/index.ts';
import type { SavedView, TicketFilters } from '../api.ts';
import { useCreateView, useDeleteView } from '../hooks.ts';

/** Saves the inbox's current filters as a named view (optionally shared with the team), or deletes the open one. */
export default function SaveViewPanel({ filters, activeView, onDone }: { filters: TicketFilters; activeView?: SavedView; onDone: (viewId?: string) => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [isShared, setShared] = useState(false);
  // The name's problem is shown under the name field of this small popover.
  const create = useCreateView({ inline: true });
  const remove = useDeleteView();
  const error = create.error ? problemText(create.error, t) : undefined;

  const save = () => {
    // A saved view stands on its own: the built-in view it started from becomes filters.
    const { view, ...rest } = filters;
    if (view === 'mine') rest.assignee ??= 'me';
    if (view === 'unassigned') rest.assignee ??= 'none';
    if (view === 'sla_at_risk') rest.slaAtRisk = true;
    const saved = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    create.mutate({ name, filters: saved, isShared }, { onSuccess: (view) => onDone(view.id) });
  };

  return (
    <Flex vertical gap={8} style={{ width: 280 }}>
      <Input
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          if (create.error) create.reset();
        }}
        placeholder={t('views.namePlaceholder')}
        aria-label={t('views.namePlaceholder')}
        status={error ? 'error' : undefined}
        onPressEnter={save}
        autoFocus
      />
      {error && <div role="alert" style={{ color: 'var(--ant-color-error)' }}>{error}</div>}
      <Checkbox checked={isShared} onChange={(event) => setShared(event.target.checked)}>
        {t('views.shared')}
      </Checkbox>
      <Flex justify="space-between">
        {activeView?.isMine ? (
          <Popconfirm title={t('views.deleteConfirm', { name: activeView.name })} onConfirm={() => activeView && remove.mutate(activeView.id, { onSuccess: () => onDone(undefined) })}>
            <Button size="small" danger>
              {t('views.delete')}
            </Button>
          </Popconfirm>
        ) : (
          <span />
        )}
        <Button size="small" type="primary" loading={create.isPending} onClick={save}>
          {t('views.save')}
        </Button>
      </Flex>
    </Flex>
  );
}
