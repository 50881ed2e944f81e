import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The zh-faq data set (../shared/data/zh-faq, see its SOURCE.md), read in place: it lives beside the
 * checkout, not in it, so the nearest ancestor directory holding `shared/data/zh-faq` is used.
 * Undefined when the data is not there (a checkout on its own): the tests that need it are skipped.
 */
export interface ZhFaq {
  faqs: { faq_id: string; category: string; question: string; answer: string }[];
  queries: { query: string; faq_id: string | null }[];
}

function findDataDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'data', 'zh-faq');
    if (existsSync(join(candidate, 'queries_dev.jsonl'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const readJsonl = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

export function loadZhFaq(): ZhFaq | undefined {
  const dir = findDataDir();
  if (!dir) return undefined;
  return { faqs: readJsonl(join(dir, 'faqs.jsonl')), queries: readJsonl(join(dir, 'queries_dev.jsonl')) };
}
