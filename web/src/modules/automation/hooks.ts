import { useQuery } from '@tanstack/react-query';
import { useApiMutation, type MutationFeedback } from '../../shared/index.ts';
import { automationApi, type MacroInput, type RuleDraft, type RuleInput, type RuleUpdate } from './api.ts';

export const automationKeys = {
  all: ['automation'] as const,
  rules: ['automation', 'rules'] as const,
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
    { mutationFn: ({ id, ...body }: (RuleInput | RuleUpdate) & { id?: string }) => (id ? automationApi.updateRule(id, body) : automationApi.createRule(body as RuleInput)), invalidates: [automationKeys.rules] },
    { success: 'common.saved', ...feedback },
  );
}

export function useToggleRule() {
  return useApiMutation({ mutationFn: ({ id, isEnabled }: { id: string; isEnabled: boolean }) => automationApi.updateRule(id, { isEnabled }), invalidates: [automationKeys.rules] }, { success: 'common.saved' });
}

/**
 * Saves a new running order: the rules get positions 10, 20, 30… in the order given; only those whose position
 * changes are sent.
 */
export function useReorderRules() {
  return useApiMutation(
    {
      mutationFn: async (ordered: { id: string; position: number }[]) => {
        for (const [index, rule] of ordered.entries()) {
          const position = (index + 1) * 10;
          if (rule.position !== position) await automationApi.updateRule(rule.id, { position });
        }
      },
      invalidates: [automationKeys.rules],
    },
    { success: 'automation.reordered' },
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
