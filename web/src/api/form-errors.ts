import type { FormInstance } from 'antd';
import { ApiError } from './client.ts';

/** "skills.0.level" → ['skills', 0, 'level'], the name path antd forms use. */
export function toNamePath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the API's translated field messages under the matching form fields.
 * Returns the messages that matched no field, for a banner or toast.
 */
export function applyApiErrors(form: FormInstance, error: unknown, fieldAliases: Record<string, string> = {}): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const known = new Set(Object.keys(form.getFieldsValue(true) as object));
  const unmatched: string[] = [];
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  for (const fieldError of error.fieldErrors) {
    const field = fieldAliases[fieldError.field] ?? fieldError.field;
    const path = toNamePath(field);
    if (typeof path[0] === 'string' && known.has(path[0])) {
      // A field inside a list item (teamIds.2) is shown on the list field itself.
      const name = form.getFieldInstance(path) === undefined && path.length > 1 ? [path[0]] : path;
      fields.push({ name, errors: [fieldError.message] });
    } else unmatched.push(fieldError.message);
  }
  if (fields.length > 0) form.setFields(fields);
  if (error.fieldErrors.length === 0) unmatched.push(error.message);
  return unmatched;
}
