/**
 * The automation service: rules (managed, versioned, dry-run), macros (previewed and applied by agents) and the live
 * engine's entry points, each in its own file over the context in automation.context.ts.
 */
import type { AutomationContext } from './automation.context.ts';
import type { AutomationEngine } from './automation.engine.ts';
import { createMacroOps } from './automation.macros.ts';
import { createRuleOps } from './automation.rules.ts';

export function createAutomationService(ctx: AutomationContext, engine: AutomationEngine) {
  return {
    ...createRuleOps(ctx, engine),
    ...createMacroOps(ctx),
    /** The routing module's seam for "assign by routing". */
    registerRouter: ctx.registerRouter,
    /** Runs a trigger's rules inside the caller's transaction (tests, and modules that hold an event themselves). */
    runTriggerInTransaction: engine.run,
  };
}

export type AutomationService = ReturnType<typeof createAutomationService>;
