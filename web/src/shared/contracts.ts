/**
 * The vocabularies the server declares once in src/contracts (statuses and their moves, priorities, urgencies,
 * permissions, SLA states…). Those files are pure, so the app bundles them as they are instead of copying them.
 */
export * from '../../../src/contracts/permissions.ts';
export * from '../../../src/contracts/tickets.ts';
export * from '../../../src/contracts/sla.ts';
export type { Wire } from '../../../src/contracts/wire.ts';
export * from '../../../src/contracts/kb.ts';
export * from '../../../src/contracts/automation.ts';
export * from '../../../src/contracts/complaints.ts';
