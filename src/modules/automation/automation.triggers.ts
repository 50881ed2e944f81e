/**
 * Where rules hear their triggers: ticket and SLA events, the CSAT score the surveys module will announce, and the
 * durable timers of time-based rules; plus the job that posts a rule's webhook after commit.
 */
import { causeOf, type OutboxEvent, type Subscriber } from '../../platform/outbox.ts';
import type { TimerKind } from '../../platform/module.ts';
import { signatureHeader } from '../channels/index.ts';
import { slaOutbox } from '../sla/index.ts';
import { ticketsOutbox } from '../tickets/index.ts';
import { TIME_RULE_TIMER, WEBHOOK_TIMER, type AutomationContext } from './automation.context.ts';
import type { AutomationEngine } from './automation.engine.ts';

/**
 * Events of modules that may not be there yet, subscribed by name: when the surveys module lands and emits
 * `survey.csat_received` with `{ ticketId, score }`, rules on it run with no change here.
 */
export const EXTERNAL_TRIGGERS: Record<string, { ticketIdOf(payload: Record<string, unknown>): unknown; eventOf(payload: Record<string, unknown>): Record<string, unknown> }> = {
  'survey.csat_received': { ticketIdOf: (payload) => payload.ticketId, eventOf: (payload) => ({ score: payload.score }) },
};

const WEBHOOK_TIMEOUT_MS = 10_000;

export function createAutomationSubscribers(engine: AutomationEngine): Subscriber[] {
  const origin = (event: OutboxEvent<string, unknown>) => `event:${event.id}`;
  return [
    ticketsOutbox.subscriber({
      name: 'automation.ticket_rules',
      types: ['ticket.created', 'ticket.updated', 'message.added', 'ticket.status_changed'],
      async handle(event, tx) {
        const base = { workspaceId: event.workspaceId, ticketId: event.payload.ticketId, origin: origin(event), cause: causeOf(event) };
        switch (event.type) {
          case 'ticket.created':
          case 'ticket.status_changed': {
            await engine.armTimeRules(tx, event.workspaceId, event.payload.ticketId);
            await engine.run(tx, { ...base, trigger: event.type, changes: event.type === 'ticket.status_changed' ? { status: { from: event.payload.from, to: event.payload.to } } : {} });
            return;
          }
          case 'ticket.updated':
            await engine.run(tx, { ...base, trigger: 'ticket.updated', changes: event.payload.changes });
            return;
          case 'message.added':
            await engine.run(tx, { ...base, trigger: 'message.added', message: { body: event.payload.body, kind: event.payload.kind, authorType: event.payload.authorType } });
            return;
        }
      },
    }),
    slaOutbox.subscriber({
      name: 'automation.sla_rules',
      types: ['sla.warning', 'sla.breached'],
      async handle(event, tx) {
        await engine.run(tx, { workspaceId: event.workspaceId, ticketId: event.payload.ticketId, trigger: event.type, origin: origin(event), cause: causeOf(event), event: { metric: event.payload.metric } });
      },
    }),
    {
      name: 'automation.external_rules',
      types: Object.keys(EXTERNAL_TRIGGERS),
      async handle(event, tx) {
        const source = EXTERNAL_TRIGGERS[event.type];
        const ticketId = source?.ticketIdOf(event.payload);
        if (!source || typeof ticketId !== 'string') return;
        await engine.run(tx, { workspaceId: event.workspaceId, ticketId, trigger: event.type as 'survey.csat_received', origin: origin(event), cause: causeOf(event), event: source.eventOf(event.payload) });
      },
    },
  ];
}

export function createAutomationTimers(ctx: AutomationContext, engine: AutomationEngine): TimerKind[] {
  return [
    {
      // A time-based rule's moment: the ticket must still be in the status that armed it (leaving it cancels the
      // timer, but a change racing the claim is caught here). The timer row fires once across nodes.
      kind: TIME_RULE_TIMER,
      async handle(timer, tx) {
        const { ruleId, ticketId, status } = timer.payload as { ruleId: string; ticketId: string; status: string };
        const ticket = await engine.ticketRecord(tx, timer.workspaceId, ticketId);
        if (!ticket || ticket.status !== status) return;
        await engine.run(tx, { workspaceId: timer.workspaceId, ticketId, trigger: 'time', origin: `timer:${timer.key}:${timer.dueAt.toISOString()}`, cause: null, ruleIds: [ruleId] });
      },
    },
    {
      // Posts a rule's webhook, signed like every webhook Kefu sends; a failure throws, and the timer runner retries
      // with back-off until the attempts run out (then the operations screen lists it as dead).
      kind: WEBHOOK_TIMER,
      async handle(timer) {
        const { url, secret, body } = timer.payload as { url: string; secret: string; body: string };
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-kefu-signature': signatureHeader(secret, ctx.clock.now(), body), 'x-kefu-delivery': timer.key },
          body,
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        if (!response.ok) throw new Error(`webhook answered ${response.status}`);
      },
    },
  ];
}
