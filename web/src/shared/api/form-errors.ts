import type { FormInstance } from 'antd';
import { ApiError } from './client.ts';

/** "skills.0.level" or "targets[0].minutes" → ['skills', 0, 'level'], the name path antd forms use. */
export function toNamePath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

type NamePath = (string | number)[];

/**
 * Where a field message belongs in a form: the field itself, else its closest registered ancestor
 * (`teamIds.2` → teamIds), else its first registered descendant (`weekly.mon[0]` → weekly.mon.0.start).
 */
export function findFormField(path: NamePath, registered: NamePath[]): NamePath | undefined {
  const keys = new Set(registered.map((name) => JSON.stringify(name)));
  for (let length = path.length; length > 0; length--) {
    const prefix = path.slice(0, length);
    if (keys.has(JSON.stringify(prefix))) return prefix;
  }
  return registered.find((name) => name.length > path.length && path.every((part, index) => name[index] === part));
}

/**
 * Puts the API's translated field messages under the matching form fields.
 * Returns the messages that matched no field, for a banner or toast.
 */
export function applyApiErrors(form: FormInstance, error: unknown, fieldAliases: Record<string, string> = {}): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const registered = form.getFieldsError().map((field) => field.name as NamePath);
  const unmatched: string[] = [];
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  for (const fieldError of error.fieldErrors) {
    const target = findFormField(toNamePath(fieldAliases[fieldError.field] ?? fieldError.field), registered);
    if (!target) {
      unmatched.push(fieldError.message);
      continue;
    }
    const key = JSON.stringify(target);
    const entry = byField.get(key) ?? { name: target, errors: [] };
    if (!entry.errors.includes(fieldError.message)) entry.errors.push(fieldError.message);
    byField.set(key, entry);
  }
  if (byField.size > 0) form.setFields([...byField.values()]);
  if (error.fieldErrors.length === 0) unmatched.push(error.message);
  return unmatched;
}
