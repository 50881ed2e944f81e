/**
 * The bot behind the portal's assistant seam: it answers a new request before it becomes a ticket, takes the
 * customer's verdict, and puts its guess on the ticket the customer opens after all.
 */
import type { PortalAssistant } from '../portal/index.ts';
import type { BotService } from './bot.service.ts';

export function botPortalAssistant(bot: Pick<BotService, 'askFromPortal' | 'ratePortalAnswer' | 'preparePortalHandoff'>): PortalAssistant {
  return {
    ask: (request) => bot.askFromPortal(request),
    rate: (request) => bot.ratePortalAnswer(request),
    prepareHandoff: (request) => bot.preparePortalHandoff(request),
  };
}
