import './operations.messages.ts';
import type { KefuModule } from '../../platform/module.ts';
import { createOperationsService, type OperationsDeps, type OperationsService } from './operations.service.ts';
import { operationsRoutes } from './operations.routes.ts';

export { createOperationsService, type OperationsService, type OperationsDeps, type DeadLetters, type Requeued } from './operations.service.ts';
export { operationsRoutes } from './operations.routes.ts';
// Type-only for the web app, which derives its request and response types from them.
export type { DeadLettersSchema, DeadDeliverySchema, DeadTimerSchema, RequeuedSchema, RetryDeliveryBody, RetryTimerBody } from './operations.routes.ts';

/** Operations: what the delivery and timer loops gave up on (dead letters), for admins to inspect and retry. */
export function createOperationsModule(deps: OperationsDeps): KefuModule<OperationsService> {
  const operations = createOperationsService(deps);
  return { service: operations, routes: (app) => operationsRoutes(app, { operations }), subscribers: [], timers: [] };
}
