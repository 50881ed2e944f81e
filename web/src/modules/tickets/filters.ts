import { BUILT_IN_VIEWS, PRIORITIES, SORT_KEYS, TICKET_STATUSES, type Priority, type SortKey, type TicketFilters, type TicketStatus } from './api.ts';

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : undefined);

/** Inbox filters live in the URL, so a view can be bookmarked, shared and restored with Back. */
export function filtersFromSearch(params: URLSearchParams, defaultView: string): TicketFilters {
  const view = params.get('view') ?? defaultView;
  const status = list(params.get('status'))?.filter((s): s is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(s));
  const priority = list(params.get('priority'))?.filter((p): p is Priority => (PRIORITIES as readonly string[]).includes(p));
  const sort = params.get('sort');
  return {
    view: (BUILT_IN_VIEWS as readonly string[]).includes(view) || /^[0-9a-f-]{36}$/.test(view) ? view : defaultView,
    q: params.get('q')?.trim() || undefined,
    status: status?.length ? status : undefined,
    priority: priority?.length ? priority : undefined,
    assignee: params.get('assignee') ?? undefined,
    team: list(params.get('team')),
    type: list(params.get('type')),
    channel: list(params.get('channel')),
    tag: list(params.get('tag')),
    sort: sort && (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : undefined,
  };
}

export function searchFromFilters(filters: TicketFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.view) params.set('view', filters.view);
  if (filters.q) params.set('q', filters.q);
  if (filters.status?.length) params.set('status', filters.status.join(','));
  if (filters.priority?.length) params.set('priority', filters.priority.join(','));
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.team?.length) params.set('team', filters.team.join(','));
  if (filters.type?.length) params.set('type', filters.type.join(','));
  if (filters.channel?.length) params.set('channel', filters.channel.join(','));
  if (filters.tag?.length) params.set('tag', filters.tag.join(','));
  if (filters.sort) params.set('sort', filters.sort);
  return params;
}

/** How many filters beyond the view and search are on (for the "More filters" button). */
export function countExtraFilters(filters: TicketFilters): number {
  return [filters.assignee, filters.team?.length, filters.type?.length, filters.channel?.length, filters.tag?.length].filter(Boolean).length;
}
