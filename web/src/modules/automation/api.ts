import type { z } from 'zod';
import type { CreateMacroBody, CreateRuleBody, DryRunSchema, MacroSchema, RuleSchema, RuleVersionSchema, UpdateRuleBody } from '../../../../src/modules/automation/index.ts';
import { api, type Wire } from '../../shared/index.ts';

// Response and request shapes are the server's own contracts (type-only: nothing of the server is bundled).
export type Rule = Wire<z.infer<typeof RuleSchema>>;
export type RuleInput = z.input<typeof CreateRuleBody>;
export type RuleUpdate = z.input<typeof UpdateRuleBody>;
export type RuleDraft = Pick<RuleInput, 'trigger' | 'conditions' | 'actions' | 'stopFurther'>;
export type DryRun = Wire<z.infer<typeof DryRunSchema>>;
export type Macro = Wire<z.infer<typeof MacroSchema>>;
export type MacroInput = z.input<typeof CreateMacroBody>;
export type RuleAction = RuleInput['actions'][number];
export type RuleCondition = Extract<RuleInput['conditions']['conditions'][number], { op: string }>;
/** A group of conditions inside the rule's own group (one level down, as the server allows). */
export type RuleConditionGroup = Exclude<RuleInput['conditions']['conditions'][number], { op: string }>;
export type RuleVersion = Wire<z.infer<typeof RuleVersionSchema>>;
/** What applying a rule or macro does: `{ kind, …details }` (see docs/automation.md). */
export type Effect = { kind: string } & Record<string, unknown>;

export const automationApi = {
  rules: () => api.get<{ items: Rule[] }>('/api/v1/automation/rules'),
  createRule: (body: RuleInput) => api.post<Rule>('/api/v1/automation/rules', body),
  // With the version the editor opened, an edit is refused (409) when someone saved the rule since.
  updateRule: (id: string, body: RuleUpdate, version?: number) =>
    api.patch<Rule>(`/api/v1/automation/rules/${id}`, body, version === undefined ? undefined : { headers: { 'if-match': `"${version}"` } }),
  reorderRules: (ruleIds: string[]) => api.put<{ items: Rule[] }>('/api/v1/automation/rules/order', { ruleIds }),
  ruleVersions: (id: string) => api.get<{ items: RuleVersion[] }>(`/api/v1/automation/rules/${id}/versions`),
  // If-Match: the restore is refused when someone changed the rule since the screen read it.
  restoreRuleVersion: (id: string, version: number, currentVersion: number) =>
    api.post<Rule>(`/api/v1/automation/rules/${id}/versions/${version}/restore`, undefined, { headers: { 'if-match': `"${currentVersion}"` } }),
  deleteRule: (id: string) => api.delete<{ ok: true }>(`/api/v1/automation/rules/${id}`),
  dryRun: (body: { rule: RuleDraft; from: string; to: string }) => api.post<DryRun>('/api/v1/automation/dry-run', body),
  macros: () => api.get<{ items: Macro[] }>('/api/v1/automation/macros'),
  createMacro: (body: MacroInput) => api.post<Macro>('/api/v1/automation/macros', body),
  deleteMacro: (id: string) => api.delete<{ ok: true }>(`/api/v1/automation/macros/${id}`),
  previewMacro: (ticketId: string, macroId: string) => api.post<{ effects: Effect[] }>(`/api/v1/tickets/${ticketId}/macros/${macroId}/preview`),
  applyMacro: (ticketId: string, macroId: string) => api.post<{ effects: Effect[] }>(`/api/v1/tickets/${ticketId}/macros/${macroId}/apply`),
};
