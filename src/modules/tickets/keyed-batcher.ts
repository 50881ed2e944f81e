/**
 * Runs work items that contend for the same row lock in shared batches.
 *
 * Gap-free ticket numbers need the day's counter row locked until the creating transaction commits,
 * so one ticket per transaction means one commit (one WAL flush) per ticket, strictly in sequence.
 * Requests for the same key that arrive while earlier batches are running are queued and then run
 * together in one transaction: one lock hold and one flush for many tickets. Idle, a request runs
 * at once in a batch of one, so nothing waits for a timer.
 */

export type BatchOutcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

export interface KeyedBatcherOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches of one key running at the same time (their lock-free parts overlap). */
  maxInFlight: number;
  /**
   * Wait one event-loop turn before a batch takes its items, so that requests already received join
   * it. Needed where the database runs on this thread (embedded): its work never yields to the loop,
   * so without the pause each request would find the previous batch done and run alone.
   */
  gatherTurn?: boolean;
}

interface Pending<Job, Result> {
  job: Job;
  resolve(value: Result): void;
  reject(error: unknown): void;
}

export class KeyedBatcher<Job, Result> {
  readonly #run: (key: string, jobs: Job[]) => Promise<BatchOutcome<Result>[]>;
  readonly #options: KeyedBatcherOptions;
  readonly #queues = new Map<string, Pending<Job, Result>[]>();
  readonly #inFlight = new Map<string, number>();

  /**
   * `run` executes a batch and reports each item's outcome in order. When it throws, the batch's
   * items are retried one by one, so one bad item cannot fail the others.
   */
  constructor(run: (key: string, jobs: Job[]) => Promise<BatchOutcome<Result>[]>, options: KeyedBatcherOptions) {
    this.#run = run;
    this.#options = options;
  }

  submit(key: string, job: Job): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const queue = this.#queues.get(key) ?? [];
      queue.push({ job, resolve, reject });
      this.#queues.set(key, queue);
      this.#pump(key);
    });
  }

  #pump(key: string): void {
    const queue = this.#queues.get(key);
    let starting = 0;
    while (queue && queue.length > starting && (this.#inFlight.get(key) ?? 0) < this.#options.maxInFlight) {
      this.#inFlight.set(key, (this.#inFlight.get(key) ?? 0) + 1);
      starting += this.#options.maxBatch;
      const start = () => {
        const batch = queue.splice(0, this.#options.maxBatch);
        void (batch.length > 0 ? this.#execute(key, batch) : Promise.resolve()).finally(() => {
          const left = (this.#inFlight.get(key) ?? 1) - 1;
          if (left === 0) this.#inFlight.delete(key);
          else this.#inFlight.set(key, left);
          if (queue.length === 0 && left === 0) this.#queues.delete(key);
          this.#pump(key);
        });
      };
      if (this.#options.gatherTurn) setImmediate(start);
      else start();
    }
  }

  async #execute(key: string, batch: Pending<Job, Result>[]): Promise<void> {
    let outcomes: BatchOutcome<Result>[];
    try {
      outcomes = await this.#run(
        key,
        batch.map((pending) => pending.job),
      );
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      await Promise.all(batch.map((pending) => this.#execute(key, [pending])));
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (!outcome) pending.reject(new Error('batch returned no outcome for an item'));
      else if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }
}
