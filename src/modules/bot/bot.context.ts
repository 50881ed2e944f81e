/** What the bot's operations share: dependencies and error helpers. */
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, type FieldProblem } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import type { KbService } from '../kb/index.ts';
import type { SlaService } from '../sla/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';

export interface BotDeps {
  db: Db;
  clock: Clock;
  logger?: Logger;
  audit: AuditService;
  workspaces: Pick<WorkspacesService, 'getWorkspace' | 'findWorkspaceBySlug'>;
  kb: Pick<KbService, 'findAnswers' | 'getLiveArticle'>;
  tickets: Pick<TicketsService, 'createTicketInTransaction' | 'addMessageInTransaction' | 'getTicket' | 'listTickets' | 'listMessagesInTransaction' | 'registerDetailExtension'>;
  sla: Pick<SlaService, 'getCalendar'>;
  /** Outgoing HTTP (lookups, the provider); tests pass the global fetch too: their fakes are real local servers. */
  fetch?: typeof fetch;
}

export const validationError = (fields: FieldProblem[]) => new AppError('validation', 'errors.validation', { fields });
export const conversationNotFound = () => new AppError('not_found', 'bot.conversation_not_found');
export const intentNotFound = () => new AppError('not_found', 'bot.intent_not_found');
