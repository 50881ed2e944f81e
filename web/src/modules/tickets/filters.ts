import { BUILT_IN_VIEWS, CHANNELS, PRIORITIES, SORT_KEYS, TICKET_STATUSES } from '../../shared/index.ts';
import type { TicketFilters } from './api.ts';

const list = (value: string | null) => (value ? value.split(',').filter(Boolean) : undefined);

/** The values of a closed vocabulary in a comma list; undefined when none is known. */
function known<T extends string>(vocabulary: readonly T[], value: string | null): T[] | undefined {
  const values = list(value)?.filter((item): item is T => (vocabulary as readonly string[]).includes(item));
  return values?.length ? values : undefined;
}

/** Inbox filters live in the URL, so a view can be bookmarked, shared and restored with Back. */
export function filtersFromSearch(params: URLSearchParams, defaultView: string): TicketFilters {
  const view = params.get('view') ?? defaultView;
  const sort = known(SORT_KEYS, params.get('sort'));
  return {
    view: (BUILT_IN_VIEWS as readonly string[]).includes(view) || /^[0-9a-f-]{36}$/.test(view) ? view : defaultView,
    q: params.get('q')?.trim() || undefined,
    status: known(TICKET_STATUSES, params.get('status')),
    priority: known(PRIORITIES, params.get('priority')),
    assignee: params.get('assignee') ?? undefined,
    team: list(params.get('team')),
    type: list(params.get('type')),
    channel: known(CHANNELS, params.get('channel')),
    tag: list(params.get('tag')),
    sort: sort?.length === 1 ? sort[0] : undefined,
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
