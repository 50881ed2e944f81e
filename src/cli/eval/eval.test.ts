import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectKind, findSharedData, loadFaqBank, loadFaqQueries, loadLabelledTexts, parseCsv, setNameOf } from './data.ts';
import { evaluateFaq } from './faq-eval.ts';
import { evaluateIntents } from './intent-eval.ts';

const shared = findSharedData();
const work = mkdtempSync(join(tmpdir(), 'kefu-eval-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('parseCsv', () => {
  it.each([
    ['a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['text,label\n"hello, world",greet\r\n', [['text', 'label'], ['hello, world', 'greet']]],
    ['"say ""hi""\nthen go",x', [['say "hi"\nthen go', 'x']]],
    ['a,,c\n\n', [['a', '', 'c']]],
  ])('%j', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });
});

describe('data files', () => {
  it('finds the text and label columns by name and tells the kinds of files apart', () => {
    const csv = join(work, 'intents.csv');
    writeFileSync(csv, 'context,instruction,intent,category\nx,"where, is it",track,ORDER\nx,refund me,refund,REFUND\n');
    expect(loadLabelledTexts(csv)).toEqual([
      { text: 'where, is it', label: 'track' },
      { text: 'refund me', label: 'refund' },
    ]);
    const questions = join(work, 'questions.jsonl');
    writeFileSync(questions, '{"query": "退货", "faq_id": "zh013"}\n{"query": "天气", "faq_id": null}\n');
    expect(detectKind(questions)).toBe('faq-queries');
    expect(loadFaqQueries(questions)).toEqual([
      { query: '退货', faqId: 'zh013' },
      { query: '天气', faqId: null },
    ]);
    expect(detectKind(csv)).toBe('labelled');
    expect(setNameOf('/data/zh-faq/queries_test.jsonl')).toBe('zhfaq');
    expect(setNameOf('/data/bitext-customer-support/x.csv')).toBe('bitext');
  });
});

describe.skipIf(!shared)('the evaluation on small slices of the real data (the full run is npm run eval)', () => {
  it('scores a slice of zh-faq: the engine beats plain BM25 and hands off out-of-scope questions', () => {
    const faqs = loadFaqBank(join(shared!, 'zh-faq/faqs.jsonl')).slice(0, 12);
    const ids = new Set(faqs.map((faq) => faq.id));
    const queries = loadFaqQueries(join(shared!, 'zh-faq/queries_dev.jsonl')).filter((query) => ids.has(query.faqId!));
    const outOfScope = [
      { query: '你们公司的股票代码是多少', faqId: null },
      { query: 'what is the capital of France', faqId: null },
    ];
    const result = evaluateFaq({ faqs, queries: [...queries, ...outOfScope], examples: { queries, isScoredFile: true } });
    expect(result.queries).toBe(queries.length);
    expect(result.top1).toBeGreaterThan(result.baseline.top1);
    expect(result.recall5).toBeGreaterThanOrEqual(result.top1);
    expect(result.outOfScope).toEqual({ queries: 2, answered: 0, rate: 0 });
    expect(result.simulatedOutOfScope.queries).toBe(queries.length);
    expect(result.simulatedOutOfScope.rate).toBeLessThan(0.5);
  });

  it('scores a slice of Bitext intents beside the baseline', async () => {
    const texts = loadLabelledTexts(join(shared!, 'bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv'));
    const labels = new Set(['cancel_order', 'track_refund', 'recover_password', 'get_invoice']);
    const slice = [...labels].flatMap((label) => texts.filter((text) => text.label === label).slice(0, 100));
    const train = slice.filter((_, index) => index % 4 !== 0);
    const test = slice.filter((_, index) => index % 4 === 0);
    const result = await evaluateIntents(train, test, 'every fourth held out');
    expect(result.labels).toBe(4);
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(result.macroF1).toBeGreaterThan(0.9);
    expect(result.baseline.accuracy).toBeGreaterThan(0.5);
  });

  it('runs as a command on given files and ends with one JSON line', () => {
    const bank = loadFaqBank(join(shared!, 'stackfaq/faq_bank.jsonl'));
    const questions = join(work, 'stackfaq', 'questions.jsonl');
    const faqsFile = join(work, 'stackfaq', 'faq_bank.jsonl');
    execFileSync('mkdir', ['-p', join(work, 'stackfaq')]);
    const raw = loadFaqQueries(join(shared!, 'stackfaq/queries_dev.jsonl')).filter((query) => Number(query.faqId!.slice(2)) <= 10);
    writeFileSync(faqsFile, bank.slice(0, 10).map((faq) => JSON.stringify({ faq_id: faq.id, question: faq.question, answers: [faq.answer] })).join('\n'));
    writeFileSync(questions, raw.map((query) => JSON.stringify({ query: query.query, faq_id: query.faqId })).join('\n'));
    const intents = join(work, 'bitext', 'test.csv');
    execFileSync('mkdir', ['-p', join(work, 'bitext')]);
    const texts = loadLabelledTexts(join(shared!, 'bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv')).filter((_, index) => index % 15 === 0);
    writeFileSync(intents, `text,label\n${texts.map((row) => `"${row.text.replace(/"/g, '""')}",${row.label}`).join('\n')}\n`);
    const output = execFileSync('npx', ['tsx', 'src/cli/eval/main.ts', questions, intents, '--faqs', faqsFile, '--examples', 'none'], { encoding: 'utf8' });
    const report = JSON.parse(output.trim().split('\n').at(-1)!);
    expect(Object.keys(report)).toEqual(['stackfaq', 'bitext', 'seconds']);
    expect(report.stackfaq).toMatchObject({ queries: raw.length, examples: 'none' });
    expect(report.stackfaq.top1).toBeGreaterThan(0.5);
    expect(report.stackfaq.baseline.top1).toBeGreaterThan(0);
    expect(report.bitext.accuracy).toBeGreaterThan(0.5);
    expect(report.bitext.baseline).toHaveProperty('macroF1');
  });
});
