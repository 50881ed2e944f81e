import { describe, expect, it } from 'vitest';
import { KeyedBatcher, type BatchOutcome } from './keyed-batcher.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('KeyedBatcher', () => {
  it('runs a lone item at once and groups items that arrive while batches run', async () => {
    const batches: number[][] = [];
    const batcher = new KeyedBatcher<number, number>(
      async (_key, jobs) => {
        batches.push(jobs);
        await tick();
        return jobs.map((job) => ({ ok: true, value: job * 10 }));
      },
      { maxBatch: 4, maxInFlight: 1 },
    );
    expect(await batcher.submit('k', 1)).toBe(10);
    const results = await Promise.all([2, 3, 4, 5, 6, 7].map((n) => batcher.submit('k', n)));
    expect(results).toEqual([20, 30, 40, 50, 60, 70]);
    // The first batch still counts as running when its caller resumes, so 2…7 queue up behind it.
    expect(batches).toEqual([[1], [2, 3, 4, 5], [6, 7]]);
  });

  it('keeps keys apart and limits batches in flight per key', async () => {
    let running = 0;
    let most = 0;
    const batcher = new KeyedBatcher<string, string>(
      async (key, jobs) => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
        return jobs.map((job) => ({ ok: true, value: `${key}:${job}` }));
      },
      { maxBatch: 2, maxInFlight: 2 },
    );
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].flatMap((job) => [batcher.submit('x', job), batcher.submit('y', job)]));
    expect(results.filter((r) => r.startsWith('x:'))).toEqual(['x:a', 'x:b', 'x:c', 'x:d', 'x:e']);
    expect(most).toBeLessThanOrEqual(4);
  });

  it('reports item failures to their own callers only', async () => {
    const batcher = new KeyedBatcher<number, number>(
      async (_key, jobs) => {
        await tick();
        return jobs.map((job): BatchOutcome<number> => (job % 2 ? { ok: false, error: new Error(`odd ${job}`) } : { ok: true, value: job }));
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const settled = await Promise.allSettled([1, 2, 3, 4].map((n) => batcher.submit('k', n)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
  });

  it('retries a failed batch item by item, so one poison item fails alone', async () => {
    const calls: number[][] = [];
    const batcher = new KeyedBatcher<number, number>(
      async (_key, jobs) => {
        calls.push(jobs);
        await tick();
        if (jobs.includes(13)) throw new Error('poison');
        return jobs.map((job) => ({ ok: true, value: job }));
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const first = batcher.submit('k', 1);
    const settled = await Promise.allSettled([first, ...[12, 13, 14].map((n) => batcher.submit('k', n))]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });
});
