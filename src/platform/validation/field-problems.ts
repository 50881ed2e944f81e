import type { z } from 'zod';
import type { FieldProblem } from '../errors.ts';

/** What the converter reads of a Zod issue; Fastify's validation entries carry the same fields. */
export interface ZodLikeIssue {
  code: string;
  path?: readonly PropertyKey[];
  expected?: string;
  input?: unknown;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  values?: readonly unknown[];
  format?: string;
  keys?: readonly string[];
  message?: string;
}

/** `['targets', 0, 'minutes']` → `targets[0].minutes`, the form forms and admins see. */
export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Turns one Zod issue into field problems with translatable keys (an unknown-keys issue names each key). */
export function fieldProblemsFromZodIssue(issue: ZodLikeIssue, prefix = ''): FieldProblem[] {
  const field = fieldPath(issue.path ?? [], prefix);
  switch (issue.code) {
    case 'unrecognized_keys':
      return (issue.keys ?? []).map((key) => ({ field: field ? `${field}.${key}` : key, messageKey: 'validation.unknown_field' }));
    case 'invalid_type':
      // Zod leaves the input out of a reported issue; its message says whether the value was missing.
      if (issue.input === undefined && /received undefined/.test(issue.message ?? 'received undefined')) return [{ field, messageKey: 'validation.required' }];
      return [{ field, messageKey: 'validation.invalid_type', params: { expected: issue.expected } }];
    case 'too_big':
      return [{ field, messageKey: issue.origin === 'string' ? 'validation.too_long' : 'validation.too_big', params: { maximum: String(issue.maximum) } }];
    case 'too_small':
      return [{ field, messageKey: issue.origin === 'string' ? 'validation.too_short' : 'validation.too_small', params: { minimum: String(issue.minimum) } }];
    case 'invalid_value':
      return [{ field, messageKey: 'validation.invalid_value', params: { values: (issue.values ?? []).map(String).join(', ') } }];
    case 'invalid_format':
      return [{ field, messageKey: 'validation.invalid_format', params: { format: issue.format } }];
    case 'custom':
      // Rules name their reason as a message key in their own module's namespace (`validation.…`, `sla.…`).
      return [{ field, messageKey: issue.message && /^[a-z_]+\.[\w.]+$/.test(issue.message) ? issue.message : 'validation.invalid', message: issue.message }];
    default:
      return [{ field, messageKey: 'validation.invalid', message: issue.message }];
  }
}

export function fieldProblemsFromZodError(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.flatMap((issue) => fieldProblemsFromZodIssue(issue, prefix));
}

/** A path from Fastify's `/targets/0/minutes` JSON pointer; numeric segments are array positions. */
export function pathFromPointer(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
