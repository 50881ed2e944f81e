import { resolve } from 'node:path';
import { FAQ_CONFIDENCE_WEIGHTS } from '../../platform/text/answer/faq-matcher.ts';
import { fitLogistic } from '../../platform/text/classify/calibration.ts';
import { stratifiedSplit, type LabelledText } from '../../platform/text/index.ts';
import { flagString, parseArgs } from '../args.ts';
import { detectKind, findBeside, findSharedData, loadFaqBank, loadFaqQueries, loadLabelledTexts, setNameOf } from './data.ts';
import { evaluateFaq, type FaqEvalResult } from './faq-eval.ts';
import { evaluateIntents } from './intent-eval.ts';
import { round } from './metrics.ts';

/**
 * `npm run eval` — scores the offline engine on real data beside a plain BM25 baseline (docs/search.md,
 * "Evaluation"). Without file arguments it scores the development files of ../shared/data; given files, it
 * scores those (FAQ questions as JSON Lines, labelled texts as CSV or JSON Lines), so a held-out split in the
 * same format is scored the same way. Its last line is one JSON object with every figure.
 */

const USAGE = `Usage: npm run eval -- [FILE …] [options]

  FILE                  FAQ questions (JSONL: query, faq_id — null for out of scope) or labelled texts
                        (CSV with text|instruction and label|intent|category columns, or JSONL). Default: the
                        development files of stackfaq, zh-faq, banking77 and bitext-customer-support.
  --faqs FILE           the FAQ bank for the FAQ files (default: faq_bank.jsonl or faqs.jsonl beside them)
  --examples FILE|none  labelled questions the bot has learned (default: queries_dev.jsonl beside the file or
                        its bank; scoring that file itself keeps each question out of its own bank by folds)
  --train FILE          training texts for labelled files (default: train.csv beside the file; without one,
                        or when the file is the training file, ${'20 %'} of it is held out, seed 77)
  --threshold P         confidence needed to answer (default 0.5)
  --only a,b            only these sets (stackfaq, zhfaq, banking77, bitext)
  --fit-confidence      also fit the FAQ confidence curve on the FAQ sets and print its weights
`;

export const SPLIT_SEED = 77;
export const HELD_OUT_SHARE = 0.2;

interface EvalJob {
  name: string;
  run(): Promise<Record<string, unknown>>;
}

function faqJob(queriesPath: string, flags: Record<string, string | true>): EvalJob {
  const name = setNameOf(queriesPath);
  const shared = findSharedData();
  const setDir = shared && resolve(shared, name === 'zhfaq' ? 'zh-faq' : name);
  const queryDir = resolve(queriesPath, '..');
  const faqsPath = flagString(flags, 'faqs') ?? findBeside([queryDir, setDir], ['faq_bank.jsonl', 'faqs.jsonl']);
  if (!faqsPath) throw new Error(`${queriesPath}: no FAQ bank beside it; name one with --faqs`);
  const examplesFlag = flagString(flags, 'examples');
  const examplesPath = examplesFlag === 'none' ? undefined : (examplesFlag ?? findBeside([queryDir, resolve(faqsPath, '..'), setDir], ['queries_dev.jsonl']));
  return {
    name,
    async run() {
      const queries = loadFaqQueries(queriesPath);
      const examples = examplesPath ? { queries: resolve(examplesPath) === resolve(queriesPath) ? queries : loadFaqQueries(examplesPath), isScoredFile: resolve(examplesPath) === resolve(queriesPath) } : null;
      const threshold = Number(flagString(flags, 'threshold') ?? 0.5);
      return { ...evaluateFaq({ faqs: loadFaqBank(faqsPath), queries, examples, answerThreshold: threshold }), files: { queries: queriesPath, faqs: faqsPath, examples: examplesPath ?? null } };
    },
  };
}

function intentJob(testPath: string, flags: Record<string, string | true>): EvalJob {
  const name = setNameOf(testPath);
  const trainPath = flagString(flags, 'train') ?? findBeside([resolve(testPath, '..')], ['train.csv']);
  return {
    name,
    async run() {
      const scored = loadLabelledTexts(testPath);
      let train: LabelledText[];
      let test: LabelledText[];
      let split: string;
      if (!trainPath || resolve(trainPath) === resolve(testPath)) {
        ({ train, heldOut: test } = stratifiedSplit(scored, (example) => example.label, HELD_OUT_SHARE, SPLIT_SEED));
        split = `${HELD_OUT_SHARE * 100} % of ${testPath} held out by label, seed ${SPLIT_SEED}`;
      } else {
        train = loadLabelledTexts(trainPath);
        test = scored;
        split = `trained on ${trainPath}`;
      }
      return { ...(await evaluateIntents(train, test, split)), files: { test: testPath, train: trainPath ?? testPath } };
    },
  };
}

function defaultFiles(): string[] {
  const shared = findSharedData();
  if (!shared) throw new Error('no shared/data directory above this checkout: pass the files to score');
  return [
    resolve(shared, 'stackfaq/queries_dev.jsonl'),
    resolve(shared, 'zh-faq/queries_dev.jsonl'),
    resolve(shared, 'banking77/train.csv'),
    resolve(shared, 'bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv'),
  ];
}

async function main(): Promise<void> {
  const { positional, flags } = parseArgs(process.argv.slice(2));
  if (flags.help || flags.h) {
    console.log(USAGE);
    return;
  }
  const files = positional.length > 0 ? positional : defaultFiles();
  const only = flagString(flags, 'only')?.split(',');
  const jobs = files.map((file) => (detectKind(file) === 'faq-queries' ? faqJob(file, flags) : intentJob(file, flags))).filter((job) => !only || only.includes(job.name));
  const started = performance.now();
  const report: Record<string, unknown> = {};
  const faqResults: FaqEvalResult[] = [];
  for (const job of jobs) {
    const jobStarted = performance.now();
    const result = await job.run();
    const seconds = round((performance.now() - jobStarted) / 1000, 1);
    if ('calibrationSamples' in result) {
      faqResults.push({ ...(result as unknown as FaqEvalResult) });
      delete result.calibrationSamples;
    }
    report[job.name] = { ...result, seconds };
    console.log(describe(job.name, report[job.name] as Record<string, unknown>));
  }
  if (flags['fit-confidence']) {
    const samples = faqResults.flatMap((result) => result.calibrationSamples);
    const weights = fitLogistic(samples, FAQ_CONFIDENCE_WEIGHTS, 25).map((weight) => round(weight, 3));
    console.log(`FAQ confidence weights [bias, relevance, coverage, lead] fitted on ${samples.length} samples: ${JSON.stringify(weights)}`);
    report.fittedConfidenceWeights = weights;
  }
  report.seconds = round((performance.now() - started) / 1000, 1);
  console.log(JSON.stringify(report));
}

function describe(name: string, result: Record<string, unknown>): string {
  const number = (value: unknown) => (typeof value === 'number' ? value.toFixed(3) : String(value));
  const baseline = result.baseline as Record<string, number>;
  if ('top1' in result) {
    const bankOnly = result.bankOnly as Record<string, number>;
    const simulated = result.simulatedOutOfScope as Record<string, number>;
    const outOfScope = result.outOfScope as Record<string, number>;
    return [
      `${name}: ${result.queries} questions, examples ${result.examples}`,
      `  engine    top1 ${number(result.top1)}  mrr ${number(result.mrr)}  recall@5 ${number(result.recall5)}  answered ${number(result.answered)} (right ${number(result.answeredAccuracy)})`,
      `  bank only top1 ${number(bankOnly.top1)}  mrr ${number(bankOnly.mrr)}  recall@5 ${number(bankOnly.recall5)}`,
      `  baseline  top1 ${number(baseline.top1)}  mrr ${number(baseline.mrr)}  recall@5 ${number(baseline.recall5)}  (engine/baseline top1 ×${number(Number(result.top1) / Math.max(1e-9, baseline.top1 ?? 0))})`,
      `  out of scope answered: ${outOfScope.answered}/${outOfScope.queries} given, ${simulated.answered}/${simulated.queries} simulated (${number(simulated.rate)})  — ${result.seconds} s`,
    ].join('\n');
  }
  return [
    `${name}: ${result.labels} labels, ${result.train} training / ${result.test} test texts (${result.split})`,
    `  engine    accuracy ${number(result.accuracy)}  macro-F1 ${number(result.macroF1)}  answered ${number(result.answered)} (right ${number(result.answeredAccuracy)})  trained in ${result.trainSeconds} s`,
    `  baseline  accuracy ${number(baseline.accuracy)}  macro-F1 ${number(baseline.macroF1)}  — ${result.seconds} s`,
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
