import type { Subscriber } from '../../platform/outbox.ts';
import { buildSearchDocument } from '../../platform/text/index.ts';
import { CUSTOMER_EVENTS, customersOutbox } from '../customers/index.ts';
import type { TicketCustomers } from './tickets.context.ts';
import * as repo from './tickets.repository.ts';

/** What the tickets module does when other modules' events arrive. */
export function createTicketsSubscribers(deps: { customers: TicketCustomers }): Subscriber[] {
  /** Keeps the customer part of ticket search current when a customer's name or contacts change. */
  const customerSearchText = customersOutbox.subscriber({
    name: 'tickets.customer-search-text',
    types: [CUSTOMER_EVENTS.updated],
    async handle(event, tx) {
      const { customerId } = event.payload;
      const text = await deps.customers.getSearchText(tx, event.workspaceId, customerId);
      await repo.refreshCustomerSearchText(tx, event.workspaceId, customerId, buildSearchDocument(text));
    },
  });
  return [customerSearchText];
}
