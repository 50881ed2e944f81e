import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../i18n.ts';
import { findJsonTextProblem } from './json-text.ts';
import { canonicalLine, textProblem, userLength } from './text-rule.ts';

function checkText(min: number, max: number) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = textProblem(value);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem, input: value });
      return;
    }
    const length = userLength(value);
    if (length > max) ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: value });
    else if (length < min) ctx.addIssue({ code: 'too_small', origin: 'string', minimum: min, inclusive: true, input: value });
  };
}

/**
 * One-line user text (names, subjects, titles): stored trimmed and composed (NFC), valid Unicode, no control
 * characters, at most `max` characters as users count them. The OpenAPI document marks it `x-kefu-text: line`.
 */
export const text = (max: number, min = 0) =>
  z
    .string()
    .overwrite(canonicalLine)
    .superRefine(checkText(min, max))
    .meta({ maxLength: max, ...(min > 0 ? { minLength: min } : {}), 'x-kefu-text': 'line' });

/** Free text (messages, notes, descriptions): tabs and newlines allowed, stored exactly as sent. */
export const longText = (max: number, min = 0) =>
  z
    .string()
    .superRefine(checkText(min, max))
    .meta({ maxLength: max, ...(min > 0 ? { minLength: min } : {}), 'x-kefu-text': 'multiline' });

/**
 * Free-form JSON (custom field values, extensions): any depth, but every key and string meets the text rule,
 * so a JSON column never receives what the database rejects; the problem names the exact path.
 */
export const jsonValue = z.json().superRefine((value, ctx) => {
  const found = findJsonTextProblem(value);
  if (found) ctx.addIssue({ code: 'custom', message: found.messageKey, path: found.path, input: value });
});

/** A key of a free-form JSON object (a custom field's key, a filter name). */
export const jsonKey = z.string().min(1).max(64).superRefine((value, ctx) => {
  const problem = textProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
});

export const IdParams = z.strictObject({ id: z.uuid() });
export const LocaleSchema = z.enum(SUPPORTED_LOCALES);
export const EmailSchema = z.email().max(254);
export const OkSchema = z.object({ ok: z.literal(true) });
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  code: z.string(),
  detail: z.string(),
  instance: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string(), code: z.string() })).optional(),
});
