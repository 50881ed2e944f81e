/**
 * A notification's text is stored as catalogue keys with parameters and rendered when read, so each reader sees it in
 * their own language (and a later catalogue fix reaches old notifications too).
 */
import { translate, type Locale } from '../../platform/i18n.ts';

/**
 * A parameter is a value shown as it is (a ticket number, a note someone wrote) or `{ key }`: a catalogue entry
 * rendered in the reader's language too (a metric's name).
 */
export type NotificationParam = string | number | { key: string };
export type NotificationParams = Record<string, NotificationParam>;

const isKeyed = (value: unknown): value is { key: string } => typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string';

export function renderNotificationText(locale: Locale, key: string, params: NotificationParams): string {
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) resolved[name] = isKeyed(value) ? translate(locale, value.key) : value;
  return translate(locale, key, resolved);
}
