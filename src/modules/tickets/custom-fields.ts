import type { CustomFieldType } from '../../contracts/tickets.ts';
import type { FieldProblem } from '../../platform/errors.ts';

/** Admin-defined ticket fields and the rules their values follow. */
export { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../../contracts/tickets.ts';

export interface CustomFieldOption {
  value: string;
  labels: { en: string; 'zh-CN': string };
}

export interface CustomFieldDefinition {
  id: string;
  key: string;
  labels: { en: string; 'zh-CN': string };
  type: CustomFieldType;
  options: CustomFieldOption[];
  isRequired: boolean;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export type CustomFieldValue = string | number | boolean | string[];
export type CustomFieldValues = Record<string, CustomFieldValue>;

export const MAX_CUSTOM_TEXT = 2000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Same rule as other user text: control characters other than tab/newline hide injection payloads.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isValidDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const isEmpty = (value: unknown): boolean =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Checks one value against its definition; returns the normalised value or a problem. */
function checkValue(definition: CustomFieldDefinition, raw: unknown): { value: CustomFieldValue } | { problem: Omit<FieldProblem, 'field'> } {
  const allowed = new Set(definition.options.map((option) => option.value));
  switch (definition.type) {
    case 'text': {
      if (typeof raw !== 'string') return { problem: { messageKey: 'validation.invalid_type', params: { expected: 'string' } } };
      const value = raw.trim();
      if (value.length > MAX_CUSTOM_TEXT) return { problem: { messageKey: 'validation.too_long', params: { maximum: MAX_CUSTOM_TEXT } } };
      if (CONTROL_CHARS.test(value)) return { problem: { messageKey: 'validation.control_characters' } };
      if (LONE_SURROGATE.test(value)) return { problem: { messageKey: 'validation.invalid' } };
      return { value };
    }
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { problem: { messageKey: 'validation.invalid_type', params: { expected: 'number' } } };
      return { value: raw };
    case 'date':
      if (typeof raw !== 'string' || !isValidDate(raw)) return { problem: { messageKey: 'validation.invalid_format', params: { format: 'YYYY-MM-DD' } } };
      return { value: raw };
    case 'checkbox':
      if (typeof raw !== 'boolean') return { problem: { messageKey: 'validation.invalid_type', params: { expected: 'boolean' } } };
      return { value: raw };
    case 'select':
      if (typeof raw !== 'string' || !allowed.has(raw)) return { problem: { messageKey: 'validation.invalid_value', params: { values: [...allowed].join(', ') } } };
      return { value: raw };
    case 'multi_select': {
      if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string' || !allowed.has(item))) {
        return { problem: { messageKey: 'validation.invalid_value', params: { values: [...allowed].join(', ') } } };
      }
      return { value: [...new Set(raw as string[])] };
    }
  }
}

/**
 * Validates custom field values against the workspace's definitions.
 * `mode: 'create'` also demands every required field; `'update'` checks only what is sent, and a
 * null or empty value removes the field unless it is required.
 * Returns the values to store (for update: the merged result) or the problems, each named
 * `customFields.<key>`.
 */
export function validateCustomFields(
  definitions: readonly CustomFieldDefinition[],
  input: Record<string, unknown> | undefined,
  options: { mode: 'create' | 'update'; current?: CustomFieldValues; enforceRequired?: boolean },
): { values: CustomFieldValues; problems: FieldProblem[] } {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const values: CustomFieldValues = { ...(options.mode === 'update' ? (options.current ?? {}) : {}) };
  const problems: FieldProblem[] = [];
  const enforceRequired = options.enforceRequired ?? true;
  for (const [key, raw] of Object.entries(input ?? {})) {
    const field = `customFields.${key}`;
    const definition = byKey.get(key);
    if (!definition) {
      problems.push({ field, messageKey: 'validation.unknown_field' });
      continue;
    }
    if (isEmpty(raw)) {
      if (definition.isRequired && enforceRequired) problems.push({ field, messageKey: 'validation.required' });
      delete values[key];
      continue;
    }
    const checked = checkValue(definition, raw);
    if ('problem' in checked) problems.push({ field, ...checked.problem });
    else values[key] = checked.value;
  }
  if (options.mode === 'create' && enforceRequired) {
    for (const definition of definitions) {
      if (definition.isRequired && isEmpty(values[definition.key]) && !problems.some((p) => p.field === `customFields.${definition.key}`)) {
        problems.push({ field: `customFields.${definition.key}`, messageKey: 'validation.required' });
      }
    }
  }
  return { values, problems };
}

/** Only values of fields that are still defined are shown (a deleted field's values stay stored but hidden). */
export function visibleCustomFields(definitions: readonly CustomFieldDefinition[], stored: CustomFieldValues): CustomFieldValues {
  const visible: CustomFieldValues = {};
  for (const definition of definitions) {
    const value = stored[definition.key];
    if (value !== undefined) visible[definition.key] = value;
  }
  return visible;
}
