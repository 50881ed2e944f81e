import './automation.messages.ts';

import type { KefuModule, ModulePlatform } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { ChannelsService } from '../channels/index.ts';
import type { CollaborationService } from '../collaboration/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import { createAutomationContext } from './automation.context.ts';
import { createAutomationEngine } from './automation.engine.ts';
import { automationRoutes } from './automation.routes.ts';
import { createAutomationService, type AutomationService } from './automation.service.ts';
import { createAutomationSubscribers, createAutomationTimers } from './automation.triggers.ts';
import { seedDefaultRules } from './default-rules.ts';

export type { AutomationService } from './automation.service.ts';
export type { Router } from './automation.context.ts';
export type { Effect, TicketPatch } from './rule-planner.ts';
export type { RuleView } from './automation.rules.ts';
export type { MacroView } from './automation.macros.ts';
export type { DryRunResult } from './dry-run.ts';
export type { Action, Condition, ConditionGroup, Trigger, RuleDefinition } from './rule-schema.ts';
// The request contracts, type-only: the web app derives its request and response types from them.
export type { RuleSchema, RuleVersionSchema, ReorderRulesBody, CreateRuleBody, UpdateRuleBody, DryRunBody, DryRunSchema, MacroSchema, CreateMacroBody, UpdateMacroBody } from './automation.routes.ts';

export interface AutomationModuleDeps extends ModulePlatform {
  audit: AuditService;
  workspaces: WorkspacesService;
  identity: IdentityService;
  customers: CustomersService;
  tickets: TicketsService;
  notifications: NotificationsService;
  collaboration: CollaborationService;
  channels: Pick<ChannelsService, 'outbound'>;
}

/**
 * Automation: rules (conditions + actions as data, versioned, ordered) that run on ticket, SLA and CSAT events and on
 * durable timers, with a loop guard and a dry run over past tickets; and macros agents apply by hand.
 */
export function createAutomationModule(deps: AutomationModuleDeps): KefuModule<AutomationService> {
  const ctx = createAutomationContext({ ...deps, outbound: deps.channels.outbound });
  const engine = createAutomationEngine(ctx);
  const automation = createAutomationService(ctx, engine);
  // A workspace the platform operator provisions starts with the default rules; test workspaces start with none.
  deps.identity.registerWorkspaceSeeder((tx, workspace) => seedDefaultRules(tx, deps.clock, workspace.id, workspace.defaultLocale).then(() => undefined));
  return {
    service: automation,
    routes: (app) => automationRoutes(app, { automation }),
    subscribers: createAutomationSubscribers(engine),
    timers: createAutomationTimers(ctx, engine),
  };
}
