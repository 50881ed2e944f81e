/** Operations: the workspace's dead letters (deliveries and timers that failed too often) and their retry. */
export { operationsApi, type DeadDelivery, type DeadLetters, type DeadTimer } from './api.ts';
export { operationsKeys, useDeadLetters, useRetryAll, useRetryDelivery, useRetryTimer } from './hooks.ts';
