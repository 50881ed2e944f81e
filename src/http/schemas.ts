import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../platform/i18n.ts';

// Control characters other than tab/newline never belong in user text; they hide injection payloads.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Trimmed user text with a length limit and no control characters. */
export const text = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !CONTROL_CHARS.test(value), { message: 'validation.control_characters' });

/** Long free text (messages): newlines and tabs allowed, other control characters rejected. */
export const longText = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((value) => !CONTROL_CHARS.test(value), { message: 'validation.control_characters' });

export const IdParams = z.strictObject({ id: z.uuid() });
export const LocaleSchema = z.enum(SUPPORTED_LOCALES);
export const EmailSchema = z.email().max(254);
export const Timestamp = z.date();
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string(),
  instance: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string(), code: z.string() })).optional(),
});
export const OkSchema = z.object({ ok: z.literal(true) });

/** Parses a version from an If-Match header (`"3"`, `W/"3"` or `3`). */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  return match ? Number(match[1]) : Number.NaN;
}
