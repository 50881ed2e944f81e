// The order of the inbox the agent came from, so "next ticket" on a ticket page follows it.
const KEY = 'kefu.inbox.order';

export interface InboxOrder {
  ids: string[];
  /** The inbox URL (view, filters) to go back to. */
  from: string;
}

export function saveInboxOrder(order: InboxOrder): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(order));
  } catch {
    // Storage full or disabled: next/previous just stay unavailable.
  }
}

export function readInboxOrder(): InboxOrder | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as InboxOrder | null;
    return value && Array.isArray(value.ids) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The ticket after (step 1) or before (step -1) this one in the saved order. */
export function neighbourOf(order: InboxOrder | undefined, id: string, step: 1 | -1): string | undefined {
  if (!order) return undefined;
  const index = order.ids.indexOf(id);
  if (index < 0) return order.ids[0];
  return order.ids[index + step];
}
