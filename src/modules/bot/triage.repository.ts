/** The only SQL on triage_models, triage_training_runs and triage_predictions. */
import type { Sql } from '../../platform/db.ts';
import type { Sentiment, TrainingState } from '../../contracts/kb.ts';

export interface TrainingRunRecord {
  id: string;
  status: TrainingState;
  progress: number;
  total: number;
  requestedBy: string | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  metrics: Record<string, unknown>;
}

const RUN_COLUMNS = `id, status, progress, total, requested_by AS "requestedBy", requested_at AS "requestedAt", started_at AS "startedAt", finished_at AS "finishedAt", error, metrics`;

export async function insertRun(sql: Sql, workspaceId: string, run: { id: string; requestedBy: string | null; at: Date }): Promise<void> {
  await sql.query(`INSERT INTO triage_training_runs (workspace_id, id, status, requested_by, requested_at) VALUES ($1, $2, 'queued', $3, $4)`, [workspaceId, run.id, run.requestedBy, run.at]);
}

export async function selectOpenRun(sql: Sql, workspaceId: string): Promise<TrainingRunRecord | undefined> {
  return (await sql.query<TrainingRunRecord>(`SELECT ${RUN_COLUMNS} FROM triage_training_runs WHERE workspace_id = $1 AND status IN ('queued', 'running') LIMIT 1`, [workspaceId]))[0];
}

export async function selectLatestRun(sql: Sql, workspaceId: string): Promise<TrainingRunRecord | undefined> {
  return (await sql.query<TrainingRunRecord>(`SELECT ${RUN_COLUMNS} FROM triage_training_runs WHERE workspace_id = $1 ORDER BY requested_at DESC, id DESC LIMIT 1`, [workspaceId]))[0];
}

/**
 * Claims the oldest queued run, or a running one whose node stopped renewing its lease (it died), for this node
 * until `leaseUntil`. Spans workspaces, like the timer and outbox claims.
 */
export async function claimRun(sql: Sql, now: Date, leaseUntil: Date): Promise<{ workspaceId: string; id: string } | undefined> {
  const rows = await sql.query<{ workspaceId: string; id: string }>(
    `UPDATE triage_training_runs r SET status = 'running', started_at = coalesce(r.started_at, $1), lease_until = $2, progress = 0
      WHERE (r.workspace_id, r.id) = (SELECT workspace_id, id FROM triage_training_runs
                                       WHERE status = 'queued' OR (status = 'running' AND lease_until < $1)
                                       ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING r.workspace_id AS "workspaceId", r.id`,
    [now, leaseUntil],
  );
  return rows[0];
}

export async function updateProgress(sql: Sql, workspaceId: string, id: string, progress: { done: number; total: number; leaseUntil: Date }): Promise<void> {
  await sql.query(`UPDATE triage_training_runs SET progress = $3, total = $4, lease_until = $5 WHERE workspace_id = $1 AND id = $2 AND status = 'running'`, [workspaceId, id, progress.done, progress.total, progress.leaseUntil]);
}

export async function finishRun(sql: Sql, workspaceId: string, id: string, outcome: { status: 'done' | 'failed'; error?: string; metrics?: Record<string, unknown>; at: Date }): Promise<void> {
  await sql.query(
    `UPDATE triage_training_runs SET status = $3, error = $4, metrics = $5, finished_at = $6, lease_until = NULL, progress = CASE WHEN $3 = 'done' THEN total ELSE progress END
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, outcome.status, outcome.error ?? null, JSON.stringify(outcome.metrics ?? {}), outcome.at],
  );
}

export interface ModelRecord {
  version: number;
  model: unknown;
  sampleCount: number;
  metrics: Record<string, unknown>;
  trainedAt: Date;
}

export async function upsertModel(sql: Sql, workspaceId: string, model: { model: unknown; sampleCount: number; metrics: Record<string, unknown>; at: Date }): Promise<number> {
  const rows = await sql.query<{ version: number }>(
    `INSERT INTO triage_models (workspace_id, version, model, sample_count, metrics, trained_at) VALUES ($1, 1, $2, $3, $4, $5)
     ON CONFLICT (workspace_id) DO UPDATE SET version = triage_models.version + 1, model = EXCLUDED.model, sample_count = EXCLUDED.sample_count,
       metrics = EXCLUDED.metrics, trained_at = EXCLUDED.trained_at
     RETURNING version`,
    [workspaceId, JSON.stringify(model.model), model.sampleCount, JSON.stringify(model.metrics), model.at],
  );
  return rows[0]!.version;
}

export async function selectModelVersion(sql: Sql, workspaceId: string): Promise<number | undefined> {
  return (await sql.query<{ version: number }>(`SELECT version FROM triage_models WHERE workspace_id = $1`, [workspaceId]))[0]?.version;
}

export async function selectModel(sql: Sql, workspaceId: string): Promise<ModelRecord | undefined> {
  return (await sql.query<ModelRecord>(`SELECT version, model, sample_count AS "sampleCount", metrics, trained_at AS "trainedAt" FROM triage_models WHERE workspace_id = $1`, [workspaceId]))[0];
}

export interface PredictionRecord {
  ticketId: string;
  type: string | null;
  typeConfidence: number | null;
  priority: string | null;
  priorityConfidence: number | null;
  sentiment: Sentiment;
  sentimentConfidence: number;
  modelVersion: number | null;
  predictedAt: Date;
}

/** Stores the prediction once per ticket; false when the ticket already had one (a redelivered event). */
export async function insertPrediction(sql: Sql, workspaceId: string, prediction: PredictionRecord): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO triage_predictions (workspace_id, ticket_id, type, type_confidence, priority, priority_confidence, sentiment, sentiment_confidence, model_version, predicted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING 1`,
    [workspaceId, prediction.ticketId, prediction.type, prediction.typeConfidence, prediction.priority, prediction.priorityConfidence, prediction.sentiment, prediction.sentimentConfidence, prediction.modelVersion, prediction.predictedAt],
  );
  return rows.length > 0;
}

export async function selectPrediction(sql: Sql, workspaceId: string, ticketId: string): Promise<PredictionRecord | undefined> {
  return (
    await sql.query<PredictionRecord>(
      `SELECT ticket_id AS "ticketId", type, type_confidence AS "typeConfidence", priority, priority_confidence AS "priorityConfidence", sentiment,
              sentiment_confidence AS "sentimentConfidence", model_version AS "modelVersion", predicted_at AS "predictedAt"
         FROM triage_predictions WHERE workspace_id = $1 AND ticket_id = $2`,
      [workspaceId, ticketId],
    )
  )[0];
}
