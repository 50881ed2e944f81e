/**
 * NPS campaigns to a customer segment, once or on a schedule (every N months), with sampling and the
 * over-surveying guard (no customer asked twice within the window, by any campaign), and multi-question templates.
 */
import { assertCan, type Actor } from '../../platform/actor.ts';
import type { Sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isLocale, type Locale } from '../../platform/i18n.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { scheduleTimer, type DueTimer } from '../../platform/timers.ts';
import { channelFor, SURVEY_TEMPLATES, TIMER_KINDS, type SurveysContext } from './surveys.context.ts';
import { isSampled, nextRunAfter } from './survey-rules.ts';
import * as repo from './surveys.repository.ts';

export interface CampaignInput {
  name: string;
  segmentTag?: string | null;
  samplePercent: number;
  windowDays: number;
  everyMonths?: number | null;
  /** The first run; now when absent. */
  startAt?: Date;
  templateId?: string | null;
}

const PAGE = 500;
const campaignTimerKey = (campaignId: string) => `survey-campaign:${campaignId}`;

export function createNpsOps(ctx: SurveysContext) {
  const { clock, deps } = ctx;

  /** One run: the segment page by page, sampled, claimed against the window, invited and queued. */
  async function runInTransaction(tx: Sql, workspaceId: string, campaign: repo.CampaignRecord, scheduledAt?: Date): Promise<{ sent: number; skipped: number }> {
    const now = clock.now();
    const runKey = `${campaign.id}:${now.toISOString()}`;
    const cutoff = new Date(now.getTime() - campaign.windowDays * 86_400_000);
    const defaultLocale = (await deps.workspaces.getWorkspace(workspaceId, tx)).defaultLocale;
    const { signingKey } = await repo.ensureSettings(tx, workspaceId, now);
    let after: { createdAt: Date; id: string } | undefined;
    let sent = 0;
    let skipped = 0;
    for (;;) {
      const page = await deps.customers.listSegmentPage(tx, workspaceId, { tag: campaign.segmentTag ?? undefined, after, limit: PAGE });
      if (page.length === 0) break;
      const last = page.at(-1)!;
      after = { createdAt: last.createdAt, id: last.id };
      const candidates = page.filter((customer) => channelFor(customer) !== null && isSampled(runKey, customer.id, campaign.samplePercent));
      const claimed = await repo.claimNpsContacts(tx, workspaceId, candidates.map((customer) => customer.id), now, cutoff);
      skipped += page.length - claimed.size;
      const chosen = candidates.filter((customer) => claimed.has(customer.id));
      const invitations = await repo.insertInvitations(
        tx,
        workspaceId,
        chosen.map((customer) => ({
          id: newId(),
          kind: 'nps' as const,
          ticketId: null,
          ticketNumber: null,
          customerId: customer.id,
          campaignId: campaign.id,
          templateId: campaign.templateId,
          agentId: null,
          teamId: null,
          channel: channelFor(customer),
          locale: customer.locale && isLocale(customer.locale) ? customer.locale : defaultLocale,
          createdAt: now,
        })),
      );
      const byCustomer = new Map(chosen.map((customer) => [customer.id, customer]));
      await deps.channels.outbound.queueMany(
        tx,
        workspaceId,
        invitations.map((invitation) => {
          const customer = byCustomer.get(invitation.customerId)!;
          return {
            channel: invitation.channel as 'email' | 'sms',
            to: { name: customer.name, email: customer.email ?? undefined, phone: customer.phone ?? undefined },
            template: SURVEY_TEMPLATES.nps,
            locale: invitation.locale as Locale,
            params: { customerName: customer.name, surveyUrl: ctx.linkWithKey(signingKey, workspaceId, invitation.id) },
            dedupeKey: `survey:${invitation.id}:invite`,
          };
        }),
      );
      sent += invitations.length;
      if (page.length < PAGE) break;
    }
    // The schedule counts from the run it was due at (a run by hand starts it again from now).
    const nextRunAt = campaign.everyMonths ? nextRunAfter(scheduledAt ?? now, campaign.everyMonths) : null;
    await repo.markCampaignRun(tx, workspaceId, campaign.id, { at: now, sent, nextRunAt });
    if (nextRunAt) await scheduleTimer(tx, clock, { workspaceId, key: campaignTimerKey(campaign.id), kind: TIMER_KINDS.campaign, dueAt: nextRunAt, payload: { campaignId: campaign.id } });
    return { sent, skipped };
  }

  async function requireCampaign(sql: Sql, actor: Actor, id: string, options: { forUpdate?: boolean } = {}): Promise<repo.CampaignRecord> {
    const campaign = isUuid(id) ? await repo.selectCampaign(sql, actor.workspaceId, id, options) : undefined;
    if (!campaign) throw new AppError('not_found', 'surveys.campaign_not_found');
    return campaign;
  }

  return {
    /** The campaigns with what they sent and what came back: answers and the NPS of all their runs. */
    async listCampaigns(actor: Actor) {
      assertCan(actor, 'analytics.read');
      const [campaigns, tallies] = await Promise.all([repo.selectCampaigns(ctx.db, actor.workspaceId), repo.selectCampaignTallies(ctx.db, actor.workspaceId)]);
      const byCampaign = new Map(tallies.map((tally) => [tally.campaignId, tally]));
      return campaigns.map((campaign) => {
        const tally = byCampaign.get(campaign.id);
        const answered = tally?.answered ?? 0;
        const npsScore = tally && answered > 0 ? Math.round(((tally.promoters - tally.detractors) / answered) * 100) : null;
        return { ...campaign, sent: tally?.sent ?? 0, answered, npsScore };
      });
    },

    async createCampaign(actor: Actor, input: CampaignInput): Promise<repo.CampaignRecord> {
      assertCan(actor, 'surveys.manage');
      return ctx.db.transaction(async (tx) => {
        if (input.templateId) {
          const template = await repo.selectTemplate(tx, actor.workspaceId, input.templateId);
          if (!template || template.kind !== 'nps') throw new AppError('validation', 'errors.validation', { fields: [{ field: 'templateId', messageKey: 'surveys.unknown_template' }] });
        }
        const now = clock.now();
        const startAt = input.startAt && input.startAt > now ? input.startAt : now;
        const campaign = await repo.insertCampaign(tx, actor.workspaceId, {
          id: newId(),
          name: input.name,
          segmentTag: input.segmentTag?.trim() || null,
          samplePercent: input.samplePercent,
          windowDays: input.windowDays,
          everyMonths: input.everyMonths ?? null,
          nextRunAt: startAt,
          templateId: input.templateId ?? null,
          createdAt: now,
        });
        await scheduleTimer(tx, clock, { workspaceId: actor.workspaceId, key: campaignTimerKey(campaign.id), kind: TIMER_KINDS.campaign, dueAt: startAt, payload: { campaignId: campaign.id } });
        await deps.audit.record(tx, actor, { action: 'survey_campaign.created', entityType: 'survey_campaign', entityId: campaign.id, details: { name: campaign.name, segmentTag: campaign.segmentTag } });
        return campaign;
      });
    },

    /** Runs a campaign now (an administrator's button, the bench); a scheduled one keeps its schedule. */
    async runCampaign(actor: Actor, id: string): Promise<{ sent: number; skipped: number }> {
      assertCan(actor, 'surveys.manage');
      return ctx.db.transaction(async (tx) => {
        const campaign = await requireCampaign(tx, actor, id, { forUpdate: true });
        const result = await runInTransaction(tx, actor.workspaceId, campaign);
        await deps.audit.record(tx, actor, { action: 'survey_campaign.run', entityType: 'survey_campaign', entityId: campaign.id, details: result });
        return result;
      });
    },

    /** Signed links of a campaign's unanswered invitations (the demo answers some; support resends one by hand). */
    async campaignLinks(actor: Actor, id: string, limit: number): Promise<string[]> {
      assertCan(actor, 'surveys.manage');
      return ctx.db.transaction(async (tx) => {
        const campaign = await requireCampaign(tx, actor, id);
        const { signingKey } = await repo.ensureSettings(tx, actor.workspaceId, clock.now());
        return (await repo.selectOpenCampaignInvitations(tx, actor.workspaceId, campaign.id, limit)).map((invitationId) => ctx.linkWithKey(signingKey, actor.workspaceId, invitationId));
      });
    },

    async fireCampaign(timer: DueTimer, tx: Sql): Promise<void> {
      const { campaignId } = timer.payload as { campaignId: string };
      const campaign = await repo.selectCampaign(tx, timer.workspaceId, campaignId, { forUpdate: true });
      if (!campaign || !campaign.nextRunAt || campaign.nextRunAt > clock.now()) return;
      await runInTransaction(tx, timer.workspaceId, campaign, campaign.nextRunAt);
    },

    async listTemplates(actor: Actor) {
      assertCan(actor, 'analytics.read');
      return repo.selectTemplates(ctx.db, actor.workspaceId);
    },

    async createTemplate(actor: Actor, input: { name: string; kind: repo.SurveyKind; questions: repo.TemplateQuestion[] }): Promise<repo.TemplateRecord> {
      assertCan(actor, 'surveys.manage');
      assertDistinctQuestions(input.questions);
      const record: repo.TemplateRecord = { id: newId(), name: input.name, kind: input.kind, questions: input.questions, createdAt: clock.now() };
      await ctx.db.transaction(async (tx) => {
        await repo.insertTemplate(tx, actor.workspaceId, record);
        await deps.audit.record(tx, actor, { action: 'survey_template.created', entityType: 'survey_template', entityId: record.id, details: { name: record.name, kind: record.kind } });
      });
      return record;
    },

    /** A template's name and questions; answers already given keep the question ids they were given under. */
    async updateTemplate(actor: Actor, id: string, input: { name: string; questions: repo.TemplateQuestion[] }): Promise<repo.TemplateRecord> {
      assertCan(actor, 'surveys.manage');
      assertDistinctQuestions(input.questions);
      return ctx.db.transaction(async (tx) => {
        const updated = isUuid(id) ? await repo.updateTemplate(tx, actor.workspaceId, id, input) : undefined;
        if (!updated) throw new AppError('not_found', 'surveys.template_not_found');
        await deps.audit.record(tx, actor, { action: 'survey_template.updated', entityType: 'survey_template', entityId: id, details: { name: updated.name, questions: updated.questions.length } });
        return updated;
      });
    },
  };
}

function assertDistinctQuestions(questions: readonly repo.TemplateQuestion[]): void {
  const ids = questions.map((question) => question.id);
  const duplicate = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (duplicate >= 0) throw new AppError('validation', 'errors.validation', { fields: [{ field: `questions[${duplicate}].id`, messageKey: 'surveys.duplicate_question' }] });
}
