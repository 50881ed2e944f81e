/** What the chat module's operations share: dependencies, the responder seam, errors. */
import { AppError } from '../../platform/errors.ts';
import type { ModulePlatform } from '../../platform/module.ts';
import type { AuditService } from '../audit/index.ts';
import type { CustomersService } from '../customers/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { SlaService } from '../sla/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import type { WorkspacesService } from '../workspaces/index.ts';
import type { ChatResponder } from './chat-responder.ts';

/**
 * How many chats an agent may hold at once. A port so that routing can own it later (skills, shifts); until
 * then the workspace's default capacity.
 */
export type ChatCapacity = (workspaceId: string, userId: string) => Promise<number>;

export interface ChatDeps extends ModulePlatform {
  audit: AuditService;
  workspaces: Pick<WorkspacesService, 'getWorkspace' | 'findWorkspaceBySlug'>;
  identity: Pick<IdentityService, 'getUsersByIds' | 'watchChanges' | 'checkCredentials'>;
  tickets: Pick<TicketsService, 'createTicketInTransaction' | 'addMessageInTransaction' | 'uploadAttachment' | 'openAttachment' | 'listTickets' | 'getTicket'>;
  customers: Pick<CustomersService, 'getCustomer'>;
  sla: Pick<SlaService, 'getCalendar'>;
  chatCapacity?: ChatCapacity;
}

export interface ChatContext extends ChatDeps {
  /** The registered responder (the bot), if any. */
  responder(): ChatResponder | undefined;
  capacityOf: ChatCapacity;
}

/** An agent whose console has not refreshed its presence for this long is not counted online. */
export const PRESENCE_TTL_MS = 90_000;
/** Handle times are averaged over chats ended within this window. */
export const HANDLE_WINDOW_MS = 24 * 3_600_000;

export const conversationNotFound = () => new AppError('not_found', 'chat.conversation_not_found');
export const conversationEnded = () => new AppError('invalid_state', 'chat.ended');
export const fieldError = (field: string, messageKey: string) => new AppError('validation', 'errors.validation', { fields: [{ field, messageKey }] });
