/**
 * Lookup intents: the slot a message carries (an order number), the URL it is put in, and the answer filled from
 * the company system's JSON reply. Pure.
 */

export const DEFAULT_SLOT_PATTERN = '[A-Za-z]{0,4}\\d[A-Za-z0-9-]{5,}';

/** The first match of the slot's pattern in the message; the pattern is the admin's, checked when saved. */
export function extractSlot(message: string, pattern: string = DEFAULT_SLOT_PATTERN): string | undefined {
  return new RegExp(pattern, 'u').exec(message)?.[0];
}

export function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return pattern.length <= 200;
  } catch {
    return false;
  }
}

/** A URL with `{slot}` replaced by the value, percent-encoded so a value can never change the URL's shape. */
export function fillUrl(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? encodeURIComponent(values[name]!) : whole));
}

function valueAt(data: unknown, path: string): unknown {
  let current = data;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** An answer with `{field}` / `{nested.field}` from the reply (and the slot); a missing field leaves `-`. */
export function fillAnswer(template: string, values: Record<string, string>, data: unknown): string {
  return template.replace(/\{([\w.]+)\}/g, (_whole, path: string) => {
    if (path in values) return values[path]!;
    const value = valueAt(data, path);
    return value === undefined || value === null || typeof value === 'object' ? '-' : String(value);
  });
}
