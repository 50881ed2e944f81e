/**
 * Triage: predicts a new ticket's type, priority and sentiment. Type and priority come from a classifier trained in
 * process on the workspace's own tickets (on demand, by a durable training run any node may pick up, its progress
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
import { ClassifierTrainer, classify, predictSentiment, type ClassifierModel } from './interim-classifier.ts';
import type { BotDeps } from './bot.context.ts';
import { BOT_EVENTS, botOutbox } from './bot.events.ts';
import * as repo from './triage.repository.ts';

/** The newest tickets a model learns from. */
export const MAX_TRAINING_TICKETS = 20_000;
const PAGE = 100;
const LEASE_MS = 60_000;
/** A tenth of the samples is held out to measure the model; at least this many samples are needed to hold any out. */
const MIN_HOLDOUT_SAMPLES = 50;

interface TriageModel {
  type: ClassifierModel | null;
  priority: ClassifierModel | null;
}

export interface TrainingView {
  run: repo.TrainingRunRecord | null;
  model: { version: number; sampleCount: number; trainedAt: Date; metrics: Record<string, unknown> } | null;
}

const textOf = (ticket: { subject: string; description: string }) => `${ticket.subject}\n${ticket.description}`;

function accuracy(model: ClassifierModel, samples: { text: string; label: string }[]): number | null {
  if (samples.length === 0) return null;
  const right = samples.filter((sample) => classify(model, sample.text)?.label === sample.label).length;
  return Math.round((right / samples.length) * 1000) / 1000;
}

/** A model per field from labelled samples, with the accuracy on every tenth sample held out. */
export function trainTriageModel(samples: readonly { text: string; type: string; priority: string }[]): { model: TriageModel; metrics: Record<string, unknown> } {
  const holdOut = samples.length >= MIN_HOLDOUT_SAMPLES;
  const types = new ClassifierTrainer();
  const priorities = new ClassifierTrainer();
  const test: typeof samples[number][] = [];
  samples.forEach((sample, index) => {
    if (holdOut && index % 10 === 9) {
      test.push(sample);
      return;
    }
    types.add(sample.text, sample.type);
    priorities.add(sample.text, sample.priority);
  });
  const model = { type: types.finish(), priority: priorities.finish() };
  const usable = (m: ClassifierModel) => (m.labels.length >= 2 ? m : null);
  return {
    model: { type: usable(model.type), priority: usable(model.priority) },
    metrics: {
      samples: samples.length,
      typeAccuracy: accuracy(model.type, test.map((s) => ({ text: s.text, label: s.type }))),
      priorityAccuracy: accuracy(model.priority, test.map((s) => ({ text: s.text, label: s.priority }))),
    },
  };
}

export function createTriageOps(deps: BotDeps) {
  const { db, clock } = deps;
  const cache = new Map<string, { version: number; model: TriageModel }>();

  async function modelFor(sql: Sql, workspaceId: string): Promise<{ version: number; model: TriageModel } | undefined> {
    const version = await repo.selectModelVersion(sql, workspaceId);
    if (version === undefined) return undefined;
    const cached = cache.get(workspaceId);
    if (cached?.version === version) return cached;
    const record = await repo.selectModel(sql, workspaceId);
    if (!record) return undefined;
    const entry = { version: record.version, model: record.model as TriageModel };
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
      // Until the last page the total is unknown: one more page is promised, so the bar moves without lying.
      await repo.updateProgress(db, workspaceId, runId, { done: samples.length, total: samples.length + (cursor ? PAGE : 0), leaseUntil: new Date(clock.now().getTime() + LEASE_MS) });
    } while (cursor && samples.length < MAX_TRAINING_TICKETS);
    const { model, metrics } = trainTriageModel(samples);
    await db.transaction(async (tx) => {
      const version = await repo.upsertModel(tx, workspaceId, { model, sampleCount: samples.length, metrics, at: clock.now() });
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
      const type = model?.model.type ? classify(model.model.type, text) : undefined;
      const priority = model?.model.priority ? classify(model.model.priority, text) : undefined;
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
