import './operations.messages.ts';

export { createOperationsService, type OperationsService, type OperationsDeps, type DeadLetters, type Requeued } from './operations.service.ts';
export { operationsRoutes } from './operations.routes.ts';
// Type-only for the web app, which derives its request and response types from them.
export type { DeadLettersSchema, DeadDeliverySchema, DeadTimerSchema, RequeuedSchema, RetryDeliveryBody, RetryTimerBody } from './operations.routes.ts';
