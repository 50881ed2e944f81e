/** The compensation ledger: every executed compensation of a period, its totals by period, cause or team, and CSV. */
import { assertCan, type Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import type { ComplaintsContext } from './complaints.context.ts';
import * as ledgerRepo from './ledger.repository.ts';

export interface LedgerPeriod {
  from: Date;
  to: Date;
}

const CSV_PAGE = 2000;

const encodeCursor = (row: ledgerRepo.LedgerRow) => Buffer.from(JSON.stringify([row.executedAt.toISOString(), row.id])).toString('base64url');

function decodeCursor(cursor: string): { executedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const executedAt = new Date(at);
    if (!Number.isNaN(executedAt.getTime()) && isUuid(id)) return { executedAt, id };
  } catch {
    // falls through to the refusal
  }
  throw new AppError('validation', 'errors.validation', { fields: [{ field: 'cursor', messageKey: 'complaints.invalid_cursor' }] });
}

/** A CSV field: quoted when it holds a separator, a quote or a line break; a leading formula character is neutralised. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Minor units as a decimal amount (two places: CNY, USD, EUR). */
export const formatAmount = (minor: number): string => `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

export function createLedgerOps(ctx: ComplaintsContext) {
  const { deps } = ctx;

  async function names(workspaceId: string, rows: readonly { approverId: string | null; teamId: string | null }[]) {
    const userIds = [...new Set(rows.map((row) => row.approverId).filter((id): id is string => id !== null))];
    const teamIds = [...new Set(rows.map((row) => row.teamId).filter((id): id is string => id !== null))];
    const [users, teams] = await Promise.all([deps.identity.getUsersByIds(workspaceId, userIds), deps.identity.getTeamsByIds(workspaceId, teamIds)]);
    return { user: new Map(users.map((user) => [user.id, user.name])), team: new Map(teams.map((team) => [team.id, team.name])) };
  }

  return {
    async ledger(actor: Actor, query: LedgerPeriod & { cursor?: string; limit?: number }) {
      assertCan(actor, 'analytics.read');
      const limit = query.limit ?? 100;
      const rows = await ledgerRepo.selectLedgerRows(ctx.db, actor.workspaceId, { from: query.from, to: query.to, after: query.cursor ? decodeCursor(query.cursor) : undefined, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const named = await names(actor.workspaceId, page);
      return {
        items: page.map((row) => ({ ...row, approverName: row.approverId ? (named.user.get(row.approverId) ?? '') : null, teamName: row.teamId ? (named.team.get(row.teamId) ?? '') : null })),
        nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null,
      };
    },

    async ledgerTotals(actor: Actor, query: LedgerPeriod & { groupBy: ledgerRepo.LedgerGroup }) {
      assertCan(actor, 'analytics.read');
      const workspace = await deps.workspaces.getWorkspace(actor.workspaceId);
      const totals = await ledgerRepo.selectLedgerTotals(ctx.db, actor.workspaceId, { ...query, timezone: workspace.timezone });
      const teamNames = query.groupBy === 'team' ? (await names(actor.workspaceId, totals.map((total) => ({ approverId: null, teamId: total.key })))).team : new Map<string, string>();
      const overall = new Map<string, { currency: string; count: number; amountMinor: number }>();
      for (const total of totals) {
        const sum = overall.get(total.currency) ?? { currency: total.currency, count: 0, amountMinor: 0 };
        sum.count += total.count;
        sum.amountMinor += total.amountMinor;
        overall.set(total.currency, sum);
      }
      return {
        groupBy: query.groupBy,
        totals: totals.map((total) => ({ ...total, name: query.groupBy === 'team' && total.key ? (teamNames.get(total.key) ?? '') : null })),
        overall: [...overall.values()],
      };
    },

    /** Every row of the period as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese right). */
    async ledgerCsv(actor: Actor, period: LedgerPeriod): Promise<string> {
      assertCan(actor, 'analytics.read');
      const lines = [['id', 'executed_at', 'ticket', 'type', 'amount', 'currency', 'root_cause', 'team', 'approver'].join(',')];
      let after: { executedAt: Date; id: string } | undefined;
      for (;;) {
        const rows = await ledgerRepo.selectLedgerRows(ctx.db, actor.workspaceId, { ...period, after, limit: CSV_PAGE });
        const named = await names(actor.workspaceId, rows);
        for (const row of rows) {
          lines.push(
            [row.id, row.executedAt.toISOString(), row.ticketNumber, row.type, formatAmount(row.amountMinor), row.currency, row.rootCause, row.teamId ? (named.team.get(row.teamId) ?? '') : '', row.approverId ? (named.user.get(row.approverId) ?? '') : '']
              .map(csvField)
              .join(','),
          );
        }
        if (rows.length < CSV_PAGE) break;
        after = { executedAt: rows.at(-1)!.executedAt, id: rows.at(-1)!.id };
      }
      return `\uFEFF${lines.join('\r\n')}\r\n`;
    },
  };
}
