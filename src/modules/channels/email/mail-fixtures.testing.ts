import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The raw MIME fixtures (../shared/data/email-mime-fixtures, see its SOURCE.md), read in place beside the
 * checkout: the nearest ancestor directory holding `shared/data/email-mime-fixtures` is used. Undefined
 * when they are not there (a checkout on its own): the tests that need them are skipped.
 */
export interface MimeFixture {
  path: string;
  raw: Buffer;
  /** The manifest's subject, when it is clean text (the manifest's decoder left mojibake in some). */
  subject: string | null;
  cjkCharset: boolean;
}

/** The fixtures' directory, or undefined when the checkout has none beside it. */
export function findMimeFixturesDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'data', 'email-mime-fixtures');
    if (existsSync(join(candidate, 'manifest.csv'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
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
  if (field || row.length > 0) rows.push([...row, field]);
  return rows;
}

export function loadMimeFixtures(): MimeFixture[] | undefined {
  const dir = findMimeFixturesDir();
  if (!dir) return undefined;
  const [head = [], ...rows] = parseCsv(readFileSync(join(dir, 'manifest.csv'), 'utf8'));
  const column = (name: string) => head.indexOf(name);
  return rows
    .filter((row) => row.length === head.length)
    .map((row) => {
      const subject = row[column('subject_decoded')] ?? '';
      return {
        path: row[column('path')]!,
        raw: readFileSync(join(dir, row[column('path')]!)),
        subject: subject && !/[\uFFFD\u0080-\u00ff]|=\?/.test(subject) ? subject : null,
        cjkCharset: row[column('cjk_charset')] === '1',
      };
    });
}
