import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type MutationFeedback } from '../../shared/index.ts';
import { automationApi, type MacroInput, type RuleDraft, type RuleInput, type RuleUpdate } from './api.ts';

export const automationKeys = {
  all: ['automation'] as const,
  rules: ['automation', 'rules'] as const,
  versions: (id: string) => ['automation', 'rules', id, 'versions'] as const,
  macros: ['automation', 'macros'] as const,
};

export function useRules() {
  return useQuery({ queryKey: automationKeys.rules, queryFn: () => automationApi.rules().then((r) => r.items) });
}

export function useMacros(enabled = true) {
  return useQuery({ queryKey: automationKeys.macros, queryFn: () => automationApi.macros().then((r) => r.items), enabled });
}

export function useSaveRule(feedback?: MutationFeedback) {
  return useApiMutation(
    {
      mutationFn: ({ id, version, ...body }: (RuleInput | RuleUpdate) & { id?: string; version?: number }) =>
        id ? automationApi.updateRule(id, body, version) : automationApi.createRule(body as RuleInput),
      invalidates: [automationKeys.rules],
    },
    { success: 'common.saved', ...feedback },
  );
}

export function useToggleRule() {
  return useApiMutation({ mutationFn: ({ id, isEnabled }: { id: string; isEnabled: boolean }) => automationApi.updateRule(id, { isEnabled }), invalidates: [automationKeys.rules] }, { success: 'common.saved' });
}

/** Saves a new running order in one request: the server rewrites every position at once, or none. */
export function useReorderRules() {
  return useApiMutation({ mutationFn: (ordered: { id: string }[]) => automationApi.reorderRules(ordered.map((rule) => rule.id)), invalidates: [automationKeys.rules] }, { success: 'automation.reordered' });
}

/** The rule's versions, newest first (kept under the rules' key, so any rule change refreshes them). */
export function useRuleVersions(id: string | undefined) {
  return useQuery({ queryKey: automationKeys.versions(id ?? ''), queryFn: () => automationApi.ruleVersions(id!).then((r) => r.items), enabled: !!id });
}

export function useRestoreRuleVersion() {
  return useApiMutation(
    { mutationFn: ({ id, version, currentVersion }: { id: string; version: number; currentVersion: number }) => automationApi.restoreRuleVersion(id, version, currentVersion), invalidates: [automationKeys.rules] },
    { success: 'automation.history.restored' },
  );
}

export function useDeleteRule() {
  return useApiMutation({ mutationFn: (id: string) => automationApi.deleteRule(id), invalidates: [automationKeys.rules] }, { success: 'automation.deleted' });
}

export function useDryRun() {
  return useApiMutation({ mutationFn: (body: { rule: RuleDraft; from: string; to: string }) => automationApi.dryRun(body) });
}

export function useCreateMacro(feedback?: MutationFeedback) {
  return useApiMutation({ mutationFn: (body: MacroInput) => automationApi.createMacro(body), invalidates: [automationKeys.macros] }, { success: 'common.saved', ...feedback });
}

export function useDeleteMacro() {
  return useApiMutation({ mutationFn: (id: string) => automationApi.deleteMacro(id), invalidates: [automationKeys.macros] }, { success: 'automation.deleted' });
}

export function usePreviewMacro() {
  return useApiMutation({ mutationFn: ({ ticketId, macroId }: { ticketId: string; macroId: string }) => automationApi.previewMacro(ticketId, macroId) });
}

export function useApplyMacro(ticketId: string) {
  return useApiMutation({ mutationFn: (macroId: string) => automationApi.applyMacro(ticketId, macroId), invalidates: [['tickets']] }, { success: 'automation.macro.applied' });
}
