import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaqEntry } from '../../platform/text/answer/faq-matcher.ts';
import type { LabelledText } from '../../platform/text/index.ts';

/**
 * Reading the evaluation data in place: the data sets live beside the checkout (`../shared/data`, see each
 * set's SOURCE.md), never copied into it. Formats: FAQ banks and FAQ queries as JSON Lines, intents as CSV
 * (header row; the text and label columns are found by name) or JSON Lines.
 */

/** The nearest ancestor directory's `shared/data`, from this file upwards. */
export function findSharedData(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'shared', 'data');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[index + 1] === '"') {
        field += '"';
        index++;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (char !== '\r') field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell !== ''));
}

export interface FaqQuery {
  query: string;
  /** The FAQ that answers it, or null for a question the bank does not cover (it should be handed off). */
  faqId: string | null;
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A FAQ bank: `{faq_id, question, answer | answers[], category?}` a line (zh-faq and stackfaq). */
export function loadFaqBank(path: string): FaqEntry[] {
  return readJsonl(path).map((row) => ({
    id: asString(row.faq_id),
    question: asString(row.question),
    answer: Array.isArray(row.answers) ? row.answers.map(asString).join('\n') : asString(row.answer),
    tags: typeof row.category === 'string' ? [row.category] : [],
  }));
}

export function loadFaqQueries(path: string): FaqQuery[] {
  return readJsonl(path).map((row) => ({ query: asString(row.query), faqId: typeof row.faq_id === 'string' && row.faq_id ? row.faq_id : null }));
}

const TEXT_COLUMNS = ['text', 'instruction', 'utterance', 'query'];
const LABEL_COLUMNS = ['label', 'intent', 'category'];

/** Labelled texts from CSV with a header (text: text | instruction | utterance; label: label | intent | category) or JSON Lines with the same names. */
export function loadLabelledTexts(path: string): LabelledText[] {
  if (extname(path) === '.jsonl') {
    return readJsonl(path).map((row) => ({
      text: asString(row[TEXT_COLUMNS.find((column) => typeof row[column] === 'string') ?? 'text']),
      label: asString(row[LABEL_COLUMNS.find((column) => typeof row[column] === 'string') ?? 'label']),
    }));
  }
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const columns = (header ?? []).map((name) => name.trim().toLowerCase());
  const textColumn = TEXT_COLUMNS.map((name) => columns.indexOf(name)).find((index) => index >= 0);
  const labelColumn = LABEL_COLUMNS.map((name) => columns.indexOf(name)).find((index) => index >= 0);
  if (textColumn === undefined || labelColumn === undefined) throw new Error(`${path}: needs a text column (${TEXT_COLUMNS.join(' | ')}) and a label column (${LABEL_COLUMNS.join(' | ')})`);
  return rows.map((cells) => ({ text: cells[textColumn] ?? '', label: cells[labelColumn] ?? '' })).filter((row) => row.text && row.label);
}

/** What a file holds, from its first record: FAQ questions, a FAQ bank, or labelled texts. */
export function detectKind(path: string): 'faq-queries' | 'faq-bank' | 'labelled' {
  if (extname(path) !== '.jsonl') return 'labelled';
  const [first] = readJsonl(path);
  if (first && 'query' in first && 'faq_id' in first) return 'faq-queries';
  if (first && 'question' in first && 'faq_id' in first) return 'faq-bank';
  return 'labelled';
}

/** The name a data set is reported under, from its folder (zh-faq → zhfaq, bitext-customer-support → bitext). */
export function setNameOf(path: string): string {
  const folder = basename(dirname(resolve(path))).toLowerCase();
  const known: Record<string, string> = { 'zh-faq': 'zhfaq', 'bitext-customer-support': 'bitext' };
  return known[folder] ?? folder.replace(/[^a-z0-9]+/g, '');
}

/** The first of `names` that exists in one of `dirs`. */
export function findBeside(dirs: readonly (string | undefined)[], names: readonly string[]): string | undefined {
  for (const dir of dirs) {
    if (!dir) continue;
    for (const name of names) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}
