import { FilterOutlined, PlusOutlined, ReloadOutlined, SortAscendingOutlined, StarOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Input, Popover, Segmented, Spin, theme } from 'antd';
import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useRequiredSession, useSession } from '../../modules/identity/index.ts';
import { SlaBadge } from '../../modules/sla/index.ts';
import {
  BulkActionBar,
  countExtraFilters,
  filtersFromSearch,
  MoreFilters,
  NewTicketModal,
  PriorityPill,
  saveInboxOrder,
  SaveViewPanel,
  searchFromFilters,
  StatusTag,
  UrgencyTag,
  useSavedViews,
  useTicketList,
  useTypeName,
  type TicketFilters,
  type TicketListItem,
} from '../../modules/tickets/index.ts';
import { ACTIVE_STATUSES, BUILT_IN_VIEWS, ErrorAlert, labelOf, PageHeader, PRIORITIES, RelativeTime, SORT_KEYS, StatusMessage, TICKET_STATUSES, useShortcuts, useT } from '../../shared/index.ts';

const toggle = <T,>(list: T[] | undefined, value: T): T[] | undefined => {
  const next = list?.includes(value) ? list.filter((v) => v !== value) : [...(list ?? []), value];
  return next.length > 0 ? next : undefined;
};

export function InboxPage() {
  const t = useT();
  const session = useRequiredSession();
  const { can } = useSession();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const typeName = useTypeName();
  const [params, setParams] = useSearchParams();
  const defaultView = session.user.role === 'agent' || session.user.role === 'specialist' ? 'mine' : 'all';
  const filters = useMemo(() => filtersFromSearch(params, defaultView), [params, defaultView]);
  const [searchText, setSearchText] = useState(filters.q ?? '');
  const [selected, setSelected] = useState(0);
  const [moreOpen, setMoreOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const list = useTicketList(filters);
  const savedViews = useSavedViews();
  const [savingView, setSavingView] = useState(false);
  const activeSavedView = savedViews.data?.find((view) => view.id === filters.view);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  // Tickets picked for a bulk change, by id; the rows (with their current versions) come from the list.
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set());
  const checkedRows = useMemo(() => rows.filter((row) => checked.has(row.id)), [rows, checked]);
  const canBulk = can('tickets.write');
  const toggleChecked = (id: string) =>
    setChecked((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  useEffect(() => setSearchText(filters.q ?? ''), [filters.q]);
  useEffect(() => setSelected(0), [params]);
  useEffect(() => setChecked(new Set()), [params]);
  useEffect(() => {
    saveInboxOrder({ ids: rows.map((row) => row.id), from: `/inbox?${params.toString()}` });
  }, [rows, params]);

  // Paged by a keyset cursor: the next page loads when the end of the list scrolls into view.
  useEffect(() => {
    const target = sentinel.current;
    if (!target) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [list.hasNextPage, list.isFetchingNextPage, list.fetchNextPage, list]);

  const update = (patch: Partial<TicketFilters>) => setParams(searchFromFilters({ ...filters, ...patch }));
  const open = (row: TicketListItem | undefined) => row && navigate(`/tickets/${row.id}`);

  useShortcuts({
    j: () => setSelected((index) => Math.min(index + 1, rows.length - 1)),
    k: () => setSelected((index) => Math.max(index - 1, 0)),
    enter: () => open(rows[selected]),
    x: () => canBulk && rows[selected] && toggleChecked(rows[selected].id),
  });
  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const extraCount = countExtraFilters(filters);
  const statusOptions = filters.view === 'all' ? TICKET_STATUSES : ACTIVE_STATUSES;

  return (
    <>
      <PageHeader
        title={t('nav.inbox')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            {t('inbox.newTicket')}
          </Button>
        }
      />
      <Flex vertical gap={12} style={{ marginBottom: 12 }}>
        <Flex gap={8} align="center" wrap>
          <Segmented
            aria-label={t('inbox.views')}
            value={filters.view}
            onChange={(view) => setParams(searchFromFilters({ view: String(view) }))}
            options={[
              ...BUILT_IN_VIEWS.map((view) => ({ value: view, label: labelOf(t, 'view', view) })),
              ...(savedViews.data ?? []).map((view) => ({ value: view.id, label: <span translate="no">{view.name}</span> })),
            ]}
          />
          <Popover
            trigger="click"
            open={savingView}
            onOpenChange={setSavingView}
            placement="bottomLeft"
            content={
              // Always an element: a popover with empty content would not open at all.
              <Suspense fallback={<Spin size="small" />}>
                {savingView && (
                  <SaveViewPanel
                    filters={filters}
                    activeView={activeSavedView}
                    onDone={(id) => {
                      setSavingView(false);
                      setParams(searchFromFilters({ view: id ?? 'all' }));
                    }}
                  />
                )}
              </Suspense>
            }
          >
            <Button size="small" type="text" icon={<StarOutlined aria-hidden />}>
              {activeSavedView?.isMine ? t('views.manage') : t('views.save')}
            </Button>
          </Popover>
        </Flex>
        <Flex gap={8} wrap align="center">
          <Input.Search
            allowClear
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
            onSearch={(value) => update({ q: value.trim() || undefined })}
            placeholder={t('inbox.searchPlaceholder')}
            aria-label={t('inbox.searchPlaceholder')}
            style={{ width: 300 }}
          />
          <Flex gap={4} wrap role="group" aria-label={t('ticket.status')}>
            {statusOptions.map((status) => {
              const active = filters.status?.includes(status) ?? false;
              return (
                <Button key={status} size="small" type={active ? 'primary' : 'default'} ghost={active} aria-pressed={active} onClick={() => update({ status: toggle(filters.status, status) })}>
                  {labelOf(t, 'status', status)}
                </Button>
              );
            })}
          </Flex>
          <Flex gap={4} role="group" aria-label={t('ticket.priority')}>
            {PRIORITIES.map((priority) => {
              const active = filters.priority?.includes(priority) ?? false;
              return (
                <Button key={priority} size="small" type={active ? 'primary' : 'default'} ghost={active} aria-pressed={active} title={labelOf(t, 'priority', priority)} onClick={() => update({ priority: toggle(filters.priority, priority) })}>
                  {priority}
                </Button>
              );
            })}
          </Flex>
          <Popover
            trigger="click"
            open={moreOpen}
            onOpenChange={setMoreOpen}
            placement="bottomLeft"
            content={<Suspense fallback={<Spin size="small" />}>{moreOpen && <MoreFilters filters={filters} onChange={(patch) => update(patch)} />}</Suspense>}
          >
            <Button size="small" icon={<FilterOutlined aria-hidden />} type={extraCount > 0 ? 'primary' : 'default'} ghost={extraCount > 0}>
              {extraCount > 0 ? t('inbox.moreFiltersCount', { count: extraCount }) : t('inbox.moreFilters')}
            </Button>
          </Popover>
          <Popover
            trigger="click"
            placement="bottomLeft"
            content={
              <Flex vertical role="menu" aria-label={t('inbox.sort')}>
                {SORT_KEYS.map((key) => (
                  <Button key={key} type={(filters.sort ?? 'updated_at') === key ? 'link' : 'text'} role="menuitemradio" aria-checked={(filters.sort ?? 'updated_at') === key} style={{ justifyContent: 'flex-start' }} onClick={() => update({ sort: key === 'updated_at' ? undefined : key })}>
                    {labelOf(t, 'sort', key)}
                  </Button>
                ))}
              </Flex>
            }
          >
            <Button size="small" icon={<SortAscendingOutlined aria-hidden />}>
              {labelOf(t, 'sort', filters.sort ?? 'updated_at')}
            </Button>
          </Popover>
          <Button size="small" type="text" icon={<ReloadOutlined aria-hidden spin={list.isFetching && !list.isFetchingNextPage} />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
        </Flex>
      </Flex>
      <ErrorAlert error={list.error} />
      {canBulk && rows.length > 0 && (
        <Flex vertical gap={8} style={{ marginBottom: 8 }}>
          <Checkbox
            checked={checkedRows.length > 0 && checkedRows.length === rows.length}
            indeterminate={checkedRows.length > 0 && checkedRows.length < rows.length}
            onChange={(event) => setChecked(event.target.checked ? new Set(rows.map((row) => row.id)) : new Set())}
          >
            {t('bulk.selectAll', { count: rows.length })}
          </Checkbox>
          {checkedRows.length > 0 && (
            <Suspense fallback={<Spin size="small" />}>
              <BulkActionBar selected={checkedRows} canAssign={can('tickets.assign')} onDone={() => setChecked(new Set())} onClear={() => setChecked(new Set())} />
            </Suspense>
          )}
        </Flex>
      )}
      <div
        ref={listRef}
        role="list"
        aria-label={t('nav.inbox')}
        aria-busy={list.isFetching}
        style={{ background: token.colorBgContainer, borderRadius: token.borderRadiusLG, border: `1px solid ${token.colorBorderSecondary}`, overflow: 'hidden' }}
      >
        {list.isPending && <Spin style={{ display: 'block', padding: 48 }} />}
        {!list.isPending && rows.length === 0 && <StatusMessage title={t('inbox.emptyTitle')} description={filters.q ? t('inbox.emptySearch', { q: filters.q }) : t('inbox.empty')} />}
        {rows.map((row, index) => (
          <TicketRow
            key={row.id}
            row={row}
            index={index}
            isSelected={index === selected}
            isChecked={checked.has(row.id)}
            onCheck={canBulk ? () => toggleChecked(row.id) : undefined}
            typeName={typeName(row.type)}
            onHover={() => setSelected(index)}
          />
        ))}
        <div ref={sentinel} style={{ height: 1 }} />
        {list.isFetchingNextPage && <Spin style={{ display: 'block', padding: 16 }} />}
      </div>
      <div style={{ marginTop: 8, color: token.colorTextTertiary, fontSize: 12 }}>
        {[rows.length > 0 ? t('inbox.shown', { count: rows.length }) : '', list.hasNextPage ? t('inbox.scrollForMore') : '', t('inbox.keyboardHint')].filter(Boolean).join(' · ')}
      </div>
      {creating && (
        <Suspense fallback={null}>
          <NewTicketModal onClose={() => setCreating(false)} onCreated={(id) => navigate(`/tickets/${id}`)} />
        </Suspense>
      )}
    </>
  );
}

function TicketRow({
  row,
  index,
  isSelected,
  isChecked,
  onCheck,
  typeName,
  onHover,
}: {
  row: TicketListItem;
  index: number;
  isSelected: boolean;
  isChecked: boolean;
  /** Absent when the user may not change tickets (no bulk actions then). */
  onCheck?: () => void;
  typeName: string;
  onHover: () => void;
}) {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <div
      role="listitem"
      data-index={index}
      data-ticket-id={row.id}
      onMouseEnter={onHover}
      style={{
        display: 'flex',
        alignItems: 'center',
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        background: isSelected || isChecked ? token.colorPrimaryBg : undefined,
        boxShadow: isSelected ? `inset 3px 0 0 ${token.colorPrimary}` : undefined,
      }}
    >
      {onCheck && <Checkbox checked={isChecked} onChange={onCheck} aria-label={t('bulk.selectTicket', { number: row.number })} style={{ paddingLeft: 16 }} />}
      <Link
        to={`/tickets/${row.id}`}
        aria-current={isSelected ? 'true' : undefined}
        style={{
          flex: 1,
          minWidth: 0,
          display: 'grid',
          gridTemplateColumns: '34px minmax(0, 1fr) 150px 130px 150px 84px',
          alignItems: 'center',
          gap: 12,
          padding: '10px 16px',
          color: token.colorText,
          textDecoration: 'none',
        }}
      >
        <PriorityPill priority={row.priority} />
        <div style={{ minWidth: 0 }}>
          <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', minWidth: 0 }}>
            <UrgencyTag urgency={row.urgency} />
            <span translate="no" style={{ fontWeight: 500, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{row.subject}</span>
          </div>
          <div style={{ color: token.colorTextSecondary, fontSize: 12, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}>{row.number}</span>
            {' · '}
            {row.customer?.name || t('ticket.unknownCustomer')}
            {' · '}
            {typeName}
            {' · '}
            {labelOf(t, 'channel', row.channel)}
          </div>
        </div>
        <div>
          <StatusTag status={row.status} />
        </div>
        <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: row.assignee ? token.colorText : token.colorTextTertiary }}>
          {row.assignee?.name ?? t('ticket.unassigned')}
        </div>
        <div>
          <SlaBadge state={row.slaState} dueAt={row.slaNextDueAt} size="small" />
        </div>
        <div style={{ color: token.colorTextTertiary, fontSize: 12, textAlign: 'right' }}>
          <RelativeTime value={row.updatedAt} />
        </div>
      </Link>
    </div>
  );
}
