import { newId } from '../../platform/ids.ts';
import type { TestContext, TestUser } from '../../testing/test-app.ts';
import type { TicketView } from './tickets.context.ts';
import type { CreateTicketInput } from './tickets.create.ts';

/**
 * A ticket for another module's test, created through the service as `user` (who needs
 * tickets.write). Each call makes a fresh customer unless `customer` is given.
 */
export async function makeTicket(t: TestContext, user: TestUser, overrides: Partial<CreateTicketInput> = {}): Promise<TicketView> {
  const suffix = newId().slice(0, 8);
  return t.kernel.services.tickets.createTicket(user.actor, {
    subject: `Test ticket ${suffix}`,
    description: 'Something needs attention.',
    customer: { name: `Customer ${suffix}`, email: `customer-${suffix}@example.com` },
    ...overrides,
  });
}
