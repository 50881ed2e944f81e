/**
 * Triage: predicts a new ticket's type, priority and sentiment. Type and priority come from the engine's classifier
 * trained in process on the workspace's own tickets (on demand, by a durable training run any node may pick up, its progress
 * visible while it runs); sentiment needs no training. Each ticket's prediction is stored once, shown on the ticket
 * and announced as `triage.predicted` for automation rules.
 */
import type { Actor } from '../../platform/actor.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { newId } from '../../platform/ids.ts';
import type { EventOf } from '../../platform/outbox.ts';
import { assertCan } from '../identity/index.ts';
import type { TicketEventPayloads } from '../tickets/index.ts';
import { guess, loadTriage, predictSentiment, trainTriage, type LoadedTriage, type TriageSnapshot } from './triage-model.ts';
import type { BotDeps } from './bot.context.ts';
import { BOT_EVENTS, botOutbox } from './bot.events.ts';
import * as repo from './triage.repository.ts';

/** The newest tickets a model learns from. */
export const MAX_TRAINING_TICKETS = 20_000;
const PAGE = 100;
const LEASE_MS = 60_000;
export interface TrainingView {
  run: repo.TrainingRunRecord | null;
  model: { version: number; sampleCount: number; trainedAt: Date; metrics: Record<string, unknown> } | null;
}

const textOf = (ticket: { subject: string; description: string }) => `${ticket.subject}\n${ticket.description}`;

export function createTriageOps(deps: BotDeps) {
  const { db, clock } = deps;
  const cache = new Map<string, { version: number; model: LoadedTriage }>();

  async function modelFor(sql: Sql, workspaceId: string): Promise<{ version: number; model: LoadedTriage } | undefined> {
    const version = await repo.selectModelVersion(sql, workspaceId);
    if (version === undefined) return undefined;
    const cached = cache.get(workspaceId);
    if (cached?.version === version) return cached;
    const record = await repo.selectModel(sql, workspaceId);
    if (!record) return undefined;
    const entry = { version: record.version, model: loadTriage(record.model as TriageSnapshot) };
    cache.set(workspaceId, entry);
    return entry;
  }

  async function train(workspaceId: string, runId: string): Promise<void> {
    const actor = systemActor(workspaceId);
    const samples: { text: string; type: string; priority: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.tickets.listTickets(actor, { limit: PAGE, cursor, sort: 'created_at', order: 'desc' });
      for (const ticket of page.items) if (!ticket.mergedIntoId) samples.push({ text: textOf(ticket), type: ticket.type, priority: ticket.priority });
      cursor = page.nextCursor ?? undefined;
      // Reading is the first half of the bar; until the last page the total is unknown, so one more page is promised.
      await repo.updateProgress(db, workspaceId, runId, { done: samples.length, total: 2 * (samples.length + (cursor ? PAGE : 0)), leaseUntil: new Date(clock.now().getTime() + LEASE_MS) });
    } while (cursor && samples.length < MAX_TRAINING_TICKETS);
    // Training is the second half, reported at most every tenth of it.
    let reported = 0;
    const progress: Promise<void>[] = [];
    const { snapshot, metrics } = await trainTriage(samples, (share) => {
      if (share - reported < 0.1 && share < 1) return;
      reported = share;
      progress.push(repo.updateProgress(db, workspaceId, runId, { done: samples.length + Math.round(share * samples.length), total: 2 * samples.length, leaseUntil: new Date(clock.now().getTime() + LEASE_MS) }));
    });
    await Promise.all(progress);
    await db.transaction(async (tx) => {
      const version = await repo.upsertModel(tx, workspaceId, { model: snapshot, sampleCount: samples.length, metrics, at: clock.now() });
      await repo.finishRun(tx, workspaceId, runId, { status: 'done', metrics: { ...metrics, version }, at: clock.now() });
    });
  }

  return {
    async requestTraining(actor: Actor): Promise<repo.TrainingRunRecord> {
      assertCan(actor, 'bot.manage');
      return db.transaction(async (tx) => {
        const open = await repo.selectOpenRun(tx, actor.workspaceId);
        if (open) return open;
        await repo.insertRun(tx, actor.workspaceId, { id: newId(), requestedBy: actor.userId, at: clock.now() });
        await deps.audit.record(tx, actor, { action: 'triage.training_requested', entityType: 'bot' });
        return (await repo.selectOpenRun(tx, actor.workspaceId))!;
      });
    },

    async getTraining(actor: Actor): Promise<TrainingView> {
      assertCan(actor, 'bot.manage');
      const [run, model] = await Promise.all([repo.selectLatestRun(db, actor.workspaceId), repo.selectModel(db, actor.workspaceId)]);
      return { run: run ?? null, model: model ? { version: model.version, sampleCount: model.sampleCount, trainedAt: model.trainedAt, metrics: model.metrics } : null };
    },

    /** Claims and runs one training run (the bot's background loop, or a test); returns how many ran. */
    async runPendingTraining(): Promise<number> {
      const now = clock.now();
      const claimed = await db.transaction((tx) => repo.claimRun(tx, now, new Date(now.getTime() + LEASE_MS)));
      if (!claimed) return 0;
      try {
        await train(claimed.workspaceId, claimed.id);
      } catch (error) {
        deps.logger?.error({ err: error, workspaceId: claimed.workspaceId }, 'triage training failed');
        await repo.finishRun(db, claimed.workspaceId, claimed.id, { status: 'failed', error: (error instanceof Error ? error.message : String(error)).slice(0, 500), at: clock.now() });
      }
      return 1;
    },

    /** The `ticket.created` subscriber: predicts inside the event's delivery transaction, once per ticket. */
    async predictInTransaction(event: EventOf<TicketEventPayloads, 'ticket.created'>, tx: Sql): Promise<void> {
      const { workspaceId } = event;
      const ticketId = event.payload.ticketId;
      const first = (await deps.tickets.listMessagesInTransaction(tx, systemActor(workspaceId), ticketId, { limit: 1 })).items[0];
      const text = textOf({ subject: event.payload.subject, description: first?.body ?? '' });
      const model = await modelFor(tx, workspaceId);
      const type = model ? guess(model.model.type, text) : undefined;
      const priority = model ? guess(model.model.priority, text) : undefined;
      const sentiment = predictSentiment(text);
      const prediction: repo.PredictionRecord = {
        ticketId, type: type?.label ?? null, typeConfidence: type?.confidence ?? null, priority: priority?.label ?? null, priorityConfidence: priority?.confidence ?? null,
        sentiment: sentiment.label, sentimentConfidence: sentiment.confidence, modelVersion: model?.version ?? null, predictedAt: clock.now(),
      };
      if (!(await repo.insertPrediction(tx, workspaceId, prediction))) return;
      const { predictedAt: _at, ...payload } = prediction;
      await botOutbox.emit(tx, clock, { workspaceId, type: BOT_EVENTS.triagePredicted, aggregateType: 'ticket', aggregateId: ticketId, payload });
    },

    async getPrediction(actor: Actor, ticketId: string): Promise<repo.PredictionRecord | null> {
      await deps.tickets.getTicket(actor, ticketId);
      return (await repo.selectPrediction(db, actor.workspaceId, ticketId)) ?? null;
    },

    /** For the ticket detail's `extensions.triage`. */
    readPrediction: async (workspaceId: string, ticketId: string) => (await repo.selectPrediction(db, workspaceId, ticketId)) ?? null,

    /** Forgets a cached model (tests that replace it behind the version). */
    forgetModel: (workspaceId: string) => cache.delete(workspaceId),
  };
}
