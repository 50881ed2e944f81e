/**
 * The one rule for text that users and integrations send. The database stores only valid Unicode
 * without NUL, and a name shown on one line must not carry terminal escapes or bells, so these are
 * refused at the door with a field problem rather than discovered as a 500 at insert time.
 */

/** How a field is shown: on one line (names, titles: trimmed and composed) or as free text (messages, notes: as sent). */
export type TextKind = 'line' | 'multiline';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls except tab, LF and CR, plus DEL and the C1 controls (U+0080–U+009F): they never belong in
// text people read, and ESC or BEL in a name is how a log viewer or a terminal gets attacked.
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const ASCII_ONLY = /^[\u0000-\u007F]*$/;

/** The message key of the first rule `value` breaks, or undefined when it is acceptable text. */
export function textProblem(value: string): string | undefined {
  return storableTextProblem(value) ?? (CONTROL.test(value) ? 'validation.control_characters' : undefined);
}

/** Only what the database cannot store at all: lone surrogates and NUL (for any string, keys included). */
export function storableTextProblem(value: string): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'validation.lone_surrogate';
  if (value.includes('\u0000')) return 'validation.nul_character';
  return undefined;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Length as a reader counts it: one per visible character, so 👍🏽 or é (e + accent) count once. */
export function userLength(value: string): number {
  if (ASCII_ONLY.test(value)) return value.length;
  let count = 0;
  for (const _ of graphemes.segment(value)) count++;
  return count;
}

/**
 * The stored form of one-line text: tabs and line breaks become spaces (the field is shown on one line), then
 * trimmed and composed (NFC), so equal-looking names compare equal.
 */
export function canonicalLine(value: string): string {
  return value.replace(/[\t\r\n\u2028\u2029]/g, ' ').trim().normalize('NFC');
}
