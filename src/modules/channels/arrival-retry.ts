import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';

/** Tries before an arrival is left as failed (it is kept, with its last error, for an administrator). */
export const MAX_FILING_ATTEMPTS = 8;

/** 10 s, 20 s, 40 s … capped at an hour. */
export const filingRetryDelayMs = (attempts: number): number => Math.min(10_000 * 2 ** attempts, 3_600_000);

/** What is kept of a failure on the row: the message, and for a refused input the fields and their rules. */
export function describeFilingError(error: unknown): string {
  if (error instanceof AppError && error.fields.length > 0) return `${error.messageKey}: ${error.fields.map((problem) => `${problem.field} ${problem.messageKey}`).join(', ')}`;
  return error instanceof Error ? error.message : String(error);
}

export interface StoredArrivals {
  selectDue(now: Date, limit: number): Promise<{ workspaceId: string; id: string }[]>;
  attemptsSoFar(workspaceId: string, id: string): Promise<number>;
  markAttemptFailed(workspaceId: string, id: string, failure: { error: string; retryAt: Date | null }): Promise<void>;
}

/**
 * Files the stored arrivals that are due (new, or waiting out a retry) one by one; one that fails is tried again
 * later with back-off and finally left as failed, never lost. Mail and the messaging channels share it.
 */
export async function fileDueArrivals(
  arrivals: StoredArrivals,
  fileOne: (workspaceId: string, id: string) => Promise<unknown>,
  context: { clock: Clock; logger?: Logger; what: string; limit?: number },
): Promise<number> {
  const due = await arrivals.selectDue(context.clock.now(), context.limit ?? 20);
  for (const { workspaceId, id } of due) {
    try {
      await fileOne(workspaceId, id);
    } catch (error) {
      const attempts = (await arrivals.attemptsSoFar(workspaceId, id)) + 1;
      const retryAt = attempts >= MAX_FILING_ATTEMPTS ? null : new Date(context.clock.now().getTime() + filingRetryDelayMs(attempts - 1));
      context.logger?.warn({ err: error, inboundId: id, attempts }, retryAt ? `${context.what} could not be filed; will retry` : `${context.what} could not be filed; giving up (it is kept)`);
      await arrivals.markAttemptFailed(workspaceId, id, { error: describeFilingError(error), retryAt });
    }
  }
  return due.length;
}
