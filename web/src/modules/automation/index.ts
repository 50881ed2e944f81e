/** Automation: the admin's rule builder, dry run and rule history, macros, and the macro picker of the ticket composer. */
export { automationApi, type DryRun, type Effect, type Macro, type Rule, type RuleAction, type RuleCondition, type RuleDraft, type RuleVersion } from './api.ts';
export { automationKeys, useApplyMacro, useCreateMacro, useDeleteMacro, useDeleteRule, useReorderRules, useRestoreRuleVersion, useRuleVersions, useDryRun, useMacros, usePreviewMacro, useRules, useSaveRule, useToggleRule } from './hooks.ts';
export { ActionsEditor } from './components/actions-editor.tsx';
export { ConditionsEditor } from './components/conditions-editor.tsx';
export { DryRunPanel } from './components/dry-run-panel.tsx';
export { EffectList } from './components/effect-list.tsx';
export { MacroPicker } from './components/macro-picker.tsx';
export { RuleHistoryDrawer } from './components/rule-history.tsx';
export { RuleSummary, triggerText } from './components/rule-summary.tsx';
