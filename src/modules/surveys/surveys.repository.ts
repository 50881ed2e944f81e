/** The only SQL on the survey tables; every function takes the workspace first. */
import { randomBytes } from 'node:crypto';
import type { Sql } from '../../platform/db.ts';

export type SurveyKind = 'csat' | 'nps';

export interface InvitationRecord {
  id: string;
  kind: SurveyKind;
  ticketId: string | null;
  ticketNumber: string | null;
  customerId: string;
  campaignId: string | null;
  templateId: string | null;
  agentId: string | null;
  teamId: string | null;
  channel: string | null;
  locale: string | null;
  createdAt: Date;
  remindedAt: Date | null;
  answeredAt: Date | null;
  score: number | null;
  comment: string | null;
  answers: Record<string, unknown>;
}

const INVITATION_COLUMNS = `id, kind, ticket_id AS "ticketId", ticket_number AS "ticketNumber", customer_id AS "customerId", campaign_id AS "campaignId",
  template_id AS "templateId", agent_id AS "agentId", team_id AS "teamId", channel, locale, created_at AS "createdAt", reminded_at AS "remindedAt",
  answered_at AS "answeredAt", score, comment, answers`;

export interface SurveySettings {
  signingKey: string;
  csatEnabled: boolean;
  reminderHours: number;
}

/** The workspace's settings, created with a fresh signing key the first time they are needed. */
export async function ensureSettings(sql: Sql, workspaceId: string, now: Date): Promise<SurveySettings> {
  await sql.query(`INSERT INTO survey_settings (workspace_id, signing_key, updated_at) VALUES ($1, $2, $3) ON CONFLICT (workspace_id) DO NOTHING`, [
    workspaceId,
    randomBytes(32).toString('base64url'),
    now,
  ]);
  return (await selectSettings(sql, workspaceId))!;
}

export async function selectSettings(sql: Sql, workspaceId: string): Promise<SurveySettings | undefined> {
  const rows = await sql.query<SurveySettings>(
    `SELECT signing_key AS "signingKey", csat_enabled AS "csatEnabled", reminder_hours AS "reminderHours" FROM survey_settings WHERE workspace_id = $1`,
    [workspaceId],
  );
  return rows[0];
}

export async function updateSettings(sql: Sql, workspaceId: string, patch: { csatEnabled: boolean; reminderHours: number }, now: Date): Promise<void> {
  await sql.query(`UPDATE survey_settings SET csat_enabled = $2, reminder_hours = $3, updated_at = $4 WHERE workspace_id = $1`, [workspaceId, patch.csatEnabled, patch.reminderHours, now]);
}

export type NewInvitation = Pick<InvitationRecord, 'id' | 'kind' | 'ticketId' | 'ticketNumber' | 'customerId' | 'campaignId' | 'templateId' | 'agentId' | 'teamId' | 'channel' | 'locale' | 'createdAt'>;

/** Inserts invitations; a CSAT invitation for a ticket that has one is skipped (the returned rows are the new ones). */
export async function insertInvitations(sql: Sql, workspaceId: string, rows: readonly NewInvitation[]): Promise<InvitationRecord[]> {
  if (rows.length === 0) return [];
  return sql.query<InvitationRecord>(
    `INSERT INTO survey_invitations (workspace_id, id, kind, ticket_id, ticket_number, customer_id, campaign_id, template_id, agent_id, team_id, channel, locale, created_at)
     SELECT $1, r.id, r.kind, r.ticket_id, r.ticket_number, r.customer_id, r.campaign_id, r.template_id, r.agent_id, r.team_id, r.channel, r.locale, r.created_at
       FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, kind text, ticket_id uuid, ticket_number text, customer_id uuid, campaign_id uuid, template_id uuid,
                                                agent_id uuid, team_id uuid, channel text, locale text, created_at timestamptz)
     ON CONFLICT (workspace_id, ticket_id) WHERE kind = 'csat' DO NOTHING
     RETURNING ${INVITATION_COLUMNS}`,
    [
      workspaceId,
      JSON.stringify(
        rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          ticket_id: row.ticketId,
          ticket_number: row.ticketNumber,
          customer_id: row.customerId,
          campaign_id: row.campaignId,
          template_id: row.templateId,
          agent_id: row.agentId,
          team_id: row.teamId,
          channel: row.channel,
          locale: row.locale,
          created_at: row.createdAt.toISOString(),
        })),
      ),
    ],
  );
}

export async function selectInvitation(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<InvitationRecord | undefined> {
  const rows = await sql.query<InvitationRecord>(`SELECT ${INVITATION_COLUMNS} FROM survey_invitations WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0];
}

export async function selectTicketInvitation(sql: Sql, workspaceId: string, ticketId: string): Promise<InvitationRecord | undefined> {
  const rows = await sql.query<InvitationRecord>(`SELECT ${INVITATION_COLUMNS} FROM survey_invitations WHERE workspace_id = $1 AND ticket_id = $2 AND kind = 'csat'`, [workspaceId, ticketId]);
  return rows[0];
}

export async function recordAnswer(sql: Sql, workspaceId: string, id: string, answer: { score: number; comment: string | null; answers: Record<string, unknown>; at: Date }): Promise<InvitationRecord | undefined> {
  const rows = await sql.query<InvitationRecord>(
    `UPDATE survey_invitations SET score = $3, comment = $4, answers = $5, answered_at = $6
      WHERE workspace_id = $1 AND id = $2 AND answered_at IS NULL RETURNING ${INVITATION_COLUMNS}`,
    [workspaceId, id, answer.score, answer.comment, JSON.stringify(answer.answers), answer.at],
  );
  return rows[0];
}

export async function markReminded(sql: Sql, workspaceId: string, id: string, at: Date): Promise<boolean> {
  const rows = await sql.query(`UPDATE survey_invitations SET reminded_at = $3 WHERE workspace_id = $1 AND id = $2 AND answered_at IS NULL AND reminded_at IS NULL RETURNING id`, [workspaceId, id, at]);
  return rows.length > 0;
}

export async function isOptedOut(sql: Sql, workspaceId: string, customerId: string): Promise<boolean> {
  return (await sql.query(`SELECT 1 FROM survey_opt_outs WHERE workspace_id = $1 AND customer_id = $2`, [workspaceId, customerId])).length > 0;
}

export async function insertOptOut(sql: Sql, workspaceId: string, customerId: string, at: Date): Promise<void> {
  await sql.query(`INSERT INTO survey_opt_outs (workspace_id, customer_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [workspaceId, customerId, at]);
}

/**
 * Claims the NPS contact of each customer not asked since `cutoff` and not opted out, in one statement: two
 * campaigns racing for one customer collide on the row, and only one claim returns it.
 */
export async function claimNpsContacts(sql: Sql, workspaceId: string, customerIds: readonly string[], at: Date, cutoff: Date): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await sql.query<{ customerId: string }>(
    `INSERT INTO survey_contacts AS c (workspace_id, customer_id, last_nps_at)
     SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id
      WHERE NOT EXISTS (SELECT 1 FROM survey_opt_outs o WHERE o.workspace_id = $1 AND o.customer_id = id)
     ON CONFLICT (workspace_id, customer_id) DO UPDATE SET last_nps_at = EXCLUDED.last_nps_at WHERE c.last_nps_at <= $4
     RETURNING customer_id AS "customerId"`,
    [workspaceId, customerIds, at, cutoff],
  );
  return new Set(rows.map((row) => row.customerId));
}

// ---- templates ----

export interface TemplateQuestion {
  id: string;
  type: 'score' | 'text' | 'choice';
  label: { en: string; 'zh-CN': string };
  options?: { en: string; 'zh-CN': string }[];
}

export interface TemplateRecord {
  id: string;
  name: string;
  kind: SurveyKind;
  questions: TemplateQuestion[];
  createdAt: Date;
}

export async function insertTemplate(sql: Sql, workspaceId: string, row: TemplateRecord): Promise<void> {
  await sql.query(`INSERT INTO survey_templates (workspace_id, id, name, kind, questions, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    workspaceId,
    row.id,
    row.name,
    row.kind,
    JSON.stringify(row.questions),
    row.createdAt,
  ]);
}

export async function selectTemplates(sql: Sql, workspaceId: string): Promise<TemplateRecord[]> {
  return sql.query<TemplateRecord>(`SELECT id, name, kind, questions, created_at AS "createdAt" FROM survey_templates WHERE workspace_id = $1 ORDER BY created_at, id`, [workspaceId]);
}

export async function updateTemplate(sql: Sql, workspaceId: string, id: string, change: Pick<TemplateRecord, 'name' | 'questions'>): Promise<TemplateRecord | undefined> {
  const rows = await sql.query<TemplateRecord>(
    `UPDATE survey_templates SET name = $3, questions = $4 WHERE workspace_id = $1 AND id = $2 RETURNING id, name, kind, questions, created_at AS "createdAt"`,
    [workspaceId, id, change.name, JSON.stringify(change.questions)],
  );
  return rows[0];
}

export async function selectTemplate(sql: Sql, workspaceId: string, id: string): Promise<TemplateRecord | undefined> {
  const rows = await sql.query<TemplateRecord>(`SELECT id, name, kind, questions, created_at AS "createdAt" FROM survey_templates WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0];
}

// ---- campaigns ----

export interface CampaignRecord {
  id: string;
  name: string;
  segmentTag: string | null;
  samplePercent: number;
  windowDays: number;
  everyMonths: number | null;
  nextRunAt: Date | null;
  templateId: string | null;
  lastRunAt: Date | null;
  lastRunSent: number;
  createdAt: Date;
}

const CAMPAIGN_COLUMNS = `id, name, segment_tag AS "segmentTag", sample_percent AS "samplePercent", window_days AS "windowDays", every_months AS "everyMonths",
  next_run_at AS "nextRunAt", template_id AS "templateId", last_run_at AS "lastRunAt", last_run_sent AS "lastRunSent", created_at AS "createdAt"`;

export async function insertCampaign(sql: Sql, workspaceId: string, row: Omit<CampaignRecord, 'lastRunAt' | 'lastRunSent'>): Promise<CampaignRecord> {
  const rows = await sql.query<CampaignRecord>(
    `INSERT INTO nps_campaigns (workspace_id, id, name, segment_tag, sample_percent, window_days, every_months, next_run_at, template_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${CAMPAIGN_COLUMNS}`,
    [workspaceId, row.id, row.name, row.segmentTag, row.samplePercent, row.windowDays, row.everyMonths, row.nextRunAt, row.templateId, row.createdAt],
  );
  return rows[0]!;
}

export async function selectCampaigns(sql: Sql, workspaceId: string): Promise<CampaignRecord[]> {
  return sql.query<CampaignRecord>(`SELECT ${CAMPAIGN_COLUMNS} FROM nps_campaigns WHERE workspace_id = $1 ORDER BY created_at DESC, id`, [workspaceId]);
}

export async function selectCampaign(sql: Sql, workspaceId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<CampaignRecord | undefined> {
  const rows = await sql.query<CampaignRecord>(`SELECT ${CAMPAIGN_COLUMNS} FROM nps_campaigns WHERE workspace_id = $1 AND id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0];
}

export async function markCampaignRun(sql: Sql, workspaceId: string, id: string, run: { at: Date; sent: number; nextRunAt: Date | null }): Promise<void> {
  await sql.query(`UPDATE nps_campaigns SET last_run_at = $3, last_run_sent = $4, next_run_at = $5 WHERE workspace_id = $1 AND id = $2`, [workspaceId, id, run.at, run.sent, run.nextRunAt]);
}

export interface CampaignTally {
  campaignId: string;
  sent: number;
  answered: number;
  promoters: number;
  detractors: number;
}

/** Every campaign's invitations, answers, promoters (9–10) and detractors (0–6), over all its runs. */
export async function selectCampaignTallies(sql: Sql, workspaceId: string): Promise<CampaignTally[]> {
  return sql.query<CampaignTally>(
    `SELECT campaign_id AS "campaignId", count(*)::int AS sent, count(answered_at)::int AS answered,
            count(*) FILTER (WHERE score >= 9)::int AS promoters, count(*) FILTER (WHERE score <= 6)::int AS detractors
       FROM survey_invitations WHERE workspace_id = $1 AND campaign_id IS NOT NULL GROUP BY campaign_id`,
    [workspaceId],
  );
}

/** The campaign's invitations still unanswered, oldest first. */
export async function selectOpenCampaignInvitations(sql: Sql, workspaceId: string, campaignId: string, limit: number): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT id FROM survey_invitations WHERE workspace_id = $1 AND campaign_id = $2 AND answered_at IS NULL ORDER BY created_at, id LIMIT $3`,
    [workspaceId, campaignId, limit],
  );
  return rows.map((row) => row.id);
}

// ---- results ----

export interface AnsweredRow {
  score: number;
  comment: string | null;
  agentId: string | null;
  teamId: string | null;
}

export async function selectAnswered(sql: Sql, workspaceId: string, filter: { kind: SurveyKind; from: Date; to: Date; campaignId?: string; limit: number }): Promise<AnsweredRow[]> {
  const params: unknown[] = [workspaceId, filter.kind, filter.from, filter.to, filter.limit];
  let campaign = '';
  if (filter.campaignId) {
    params.push(filter.campaignId);
    campaign = ` AND campaign_id = $${params.length}`;
  }
  return sql.query<AnsweredRow>(
    `SELECT score, comment, agent_id AS "agentId", team_id AS "teamId" FROM survey_invitations
      WHERE workspace_id = $1 AND kind = $2 AND answered_at IS NOT NULL AND answered_at >= $3 AND answered_at < $4${campaign}
      ORDER BY answered_at DESC LIMIT $5`,
    params,
  );
}

export async function countInvitations(sql: Sql, workspaceId: string, filter: { kind: SurveyKind; from: Date; to: Date }): Promise<number> {
  const rows = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM survey_invitations WHERE workspace_id = $1 AND kind = $2 AND created_at >= $3 AND created_at < $4`, [
    workspaceId,
    filter.kind,
    filter.from,
    filter.to,
  ]);
  return rows[0]?.n ?? 0;
}
