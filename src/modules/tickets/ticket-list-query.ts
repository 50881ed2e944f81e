import { BUILT_IN_VIEWS, type BuiltInView, type SortKey } from '../../contracts/tickets.ts';
import { ACTIVE_STATUSES, type TicketStatus } from './ticket-status.ts';

/** Pure parts of ticket lists: sorts, opaque keyset cursors, built-in views and row visibility. */

export { SORT_KEYS, BUILT_IN_VIEWS, type SortKey, type BuiltInView } from '../../contracts/tickets.ts';

/** Newest first for times; most urgent (P1, oldest first) for priority; soonest due first for SLA. */
export const DEFAULT_DESCENDING: Record<SortKey, boolean> = {
  created_at: true,
  updated_at: true,
  priority: false,
  next_sla_due: false,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isIsoInstant = (value: unknown): value is string =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;

// What each position of a cursor must hold, per sort.
const CURSOR_SHAPES: Record<SortKey, ((value: unknown) => boolean)[]> = {
  created_at: [isIsoInstant, (v) => typeof v === 'string' && UUID.test(v)],
  updated_at: [isIsoInstant, (v) => typeof v === 'string' && UUID.test(v)],
  priority: [(v) => v === 'P1' || v === 'P2' || v === 'P3', isIsoInstant, (v) => typeof v === 'string' && UUID.test(v)],
  next_sla_due: [(v) => v === 'infinity' || isIsoInstant(v), (v) => typeof v === 'string' && UUID.test(v)],
};

/** An opaque cursor: the sort it belongs to and the last row's sort values. */
export function encodeCursor(sort: SortKey, descending: boolean, values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify({ s: sort, d: descending ? 1 : 0, v: values })).toString('base64url');
}

/** The sort values a cursor points after, or null when it is malformed or belongs to another sort. */
export function decodeCursor(cursor: string, sort: SortKey, descending: boolean): unknown[] | null {
  if (cursor.length > 500) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; d?: unknown; v?: unknown };
    const values = parsed.v;
    if (parsed.s !== sort || parsed.d !== (descending ? 1 : 0) || !Array.isArray(values)) return null;
    const shape = CURSOR_SHAPES[sort];
    if (values.length !== shape.length || !shape.every((check, index) => check(values[index]))) return null;
    return values as unknown[];
  } catch {
    return null;
  }
}

export function isBuiltInView(value: string): value is BuiltInView {
  return (BUILT_IN_VIEWS as readonly string[]).includes(value);
}

/** Filters as users write them (query string, saved views). */
export interface ViewFilters {
  status?: TicketStatus[];
  priority?: string[];
  /** A user id, `me` or `none`. */
  assignee?: string;
  team?: string[];
  department?: string[];
  type?: string[];
  channel?: string[];
  tag?: string[];
  customer?: string;
  createdFrom?: string;
  createdTo?: string;
  slaAtRisk?: boolean;
  q?: string;
  sort?: SortKey;
  order?: 'asc' | 'desc';
}

/** What a built-in view shows to this user. */
export function builtInViewFilters(view: BuiltInView, viewer: { teamIds: readonly string[] }): ViewFilters {
  const active = [...ACTIVE_STATUSES];
  switch (view) {
    case 'mine':
      return { assignee: 'me', status: active };
    case 'unassigned':
      return { assignee: 'none', status: active };
    case 'team':
      return { team: [...viewer.teamIds], status: active };
    case 'sla_at_risk':
      return { slaAtRisk: true, status: active, sort: 'next_sla_due' };
    case 'all':
      return {};
  }
}

/** Filters given with the request win over the view's, key by key. */
export function mergeViewFilters(view: ViewFilters, explicit: ViewFilters): ViewFilters {
  const merged: ViewFilters = { ...view };
  for (const [key, value] of Object.entries(explicit) as [keyof ViewFilters, unknown][]) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/**
 * Row-level access: specialists see only their departments' tickets and tickets assigned to them;
 * every other role that may read tickets sees the whole workspace.
 */
export function isRestrictedViewer(viewer: { role: string }): boolean {
  return viewer.role === 'specialist';
}

export function canSeeTicket(
  viewer: { role: string; userId: string | null; teamIds: readonly string[] },
  ticket: { departmentId: string | null; assigneeId: string | null },
): boolean {
  if (!isRestrictedViewer(viewer)) return true;
  if (ticket.assigneeId !== null && ticket.assigneeId === viewer.userId) return true;
  return ticket.departmentId !== null && viewer.teamIds.includes(ticket.departmentId);
}
