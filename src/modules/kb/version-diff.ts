/**
 * What changed between two versions of an article: the fields that differ, and the body text as runs of kept,
 * added and removed words. Chinese has no spaces, so the text is cut at ICU word boundaries (spaces and
 * punctuation are runs of their own) and the diff compares words, not characters or lines.
 */
import { diffArrays } from 'diff';

export interface DiffRun {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface VersionFields {
  title: string;
  summary: string;
  bodyText: string;
  tags: readonly string[];
  categoryId: string;
  visibility: string;
}

const VERSION_FIELDS: (keyof VersionFields)[] = ['title', 'summary', 'bodyText', 'tags', 'categoryId', 'visibility'];

export interface VersionDiff {
  changedFields: (keyof VersionFields)[];
  title: DiffRun[];
  body: DiffRun[];
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const tokens = (text: string) => [...segmenter.segment(text)].map((part) => part.segment);

export function diffText(before: string, after: string): DiffRun[] {
  const runs: DiffRun[] = [];
  for (const change of diffArrays(tokens(before), tokens(after))) {
    const op = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    const text = change.value.join('');
    const last = runs.at(-1);
    if (last && last.op === op) last.text += text;
    else if (text) runs.push({ op, text });
  }
  return runs;
}

export function diffVersions(before: VersionFields, after: VersionFields): VersionDiff {
  const changedFields = VERSION_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  return { changedFields, title: diffText(before.title, after.title), body: diffText(before.bodyText, after.bodyText) };
}
