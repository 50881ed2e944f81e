/** A new running order must name each of the workspace's rules exactly once; this says what is wrong with one that does not. */
export type RuleOrderProblem = 'automation.order_duplicate' | 'automation.order_unknown' | 'automation.order_missing';

export function findRuleOrderProblem(existingIds: readonly string[], orderedIds: readonly string[]): RuleOrderProblem | undefined {
  const existing = new Set(existingIds);
  const ordered = new Set(orderedIds);
  if (ordered.size !== orderedIds.length) return 'automation.order_duplicate';
  if (orderedIds.some((id) => !existing.has(id))) return 'automation.order_unknown';
  if (existingIds.some((id) => !ordered.has(id))) return 'automation.order_missing';
  return undefined;
}
