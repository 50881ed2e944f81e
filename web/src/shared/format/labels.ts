import type { MessageKey, Translate } from '../../i18n/index.tsx';

/** An API enum value shown through the catalogue (`role.agent`); unknown values are shown as they are. */
export function labelOf(t: Translate, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const key = `${prefix}.${value}` as MessageKey;
  const text = t(key);
  return text === key ? value : text;
}
