import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { IdParams, longText, OkSchema, text } from '../../platform/validation/index.ts';
import type { SurveysService } from './surveys.service.ts';

const Kind = z.enum(['csat', 'nps']);
const Label = z.strictObject({ en: text(300, 1), 'zh-CN': text(300, 1) });
const QuestionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _ , starting with a letter'),
  type: z.enum(['score', 'text', 'choice']),
  label: Label,
  options: z.array(Label).max(20).optional(),
});

export const CreateTemplateBody = z.strictObject({ name: text(200, 1), kind: Kind, questions: z.array(QuestionSchema).max(20) });
export const TemplateSchema = z.object({ id: z.uuid(), name: z.string(), kind: Kind, questions: z.array(z.object({ id: z.string(), type: z.enum(['score', 'text', 'choice']), label: z.object({ en: z.string(), 'zh-CN': z.string() }), options: z.array(z.object({ en: z.string(), 'zh-CN': z.string() })).optional() })), createdAt: z.date() });

export const CreateCampaignBody = z.strictObject({
  name: text(200, 1),
  segmentTag: text(100).nullable().optional().describe('Customers with this tag; none is every customer'),
  samplePercent: z.number().int().min(1).max(100),
  windowDays: z.number().int().min(1).max(3650).describe('No customer is asked again within this many days'),
  everyMonths: z.number().int().min(1).max(24).nullable().optional().describe('3 = quarterly; none runs once'),
  startAt: z.coerce.date().optional(),
  templateId: z.uuid().nullable().optional(),
});
export const CampaignSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  segmentTag: z.string().nullable(),
  samplePercent: z.number().int(),
  windowDays: z.number().int(),
  everyMonths: z.number().int().nullable(),
  nextRunAt: z.date().nullable(),
  templateId: z.uuid().nullable(),
  lastRunAt: z.date().nullable(),
  lastRunSent: z.number().int(),
  createdAt: z.date(),
  sent: z.number().int().describe('Invitations of all its runs'),
  answered: z.number().int(),
  npsScore: z.number().int().nullable().describe('% promoters − % detractors of its answers; none before the first answer'),
});

const Period = { kind: Kind, from: z.coerce.date(), to: z.coerce.date(), campaignId: z.uuid().optional() };
const SummaryFields = { answered: z.number().int(), average: z.number().nullable(), headline: z.number().nullable().describe('CSAT: % of 4–5; NPS: % promoters − % detractors') };
export const ResultsSchema = z.object({
  kind: Kind,
  sent: z.number().int(),
  responseRate: z.number().nullable(),
  ...SummaryFields,
  distribution: z.record(z.string(), z.number().int()),
  groups: z.array(z.object({ id: z.uuid().nullable(), name: z.string(), ...SummaryFields })),
});
export const ThemesSchema = z.object({ commented: z.number().int(), themes: z.array(z.object({ term: z.string(), count: z.number().int(), averageScore: z.number(), examples: z.array(z.string()) })) });
export const TicketSurveySchema = z.object({
  invitation: z
    .object({ id: z.uuid(), channel: z.string().nullable(), createdAt: z.date(), remindedAt: z.date().nullable(), answeredAt: z.date().nullable(), score: z.number().int().nullable(), comment: z.string().nullable() })
    .nullable(),
});
export const SurveySettingsBody = z.strictObject({ csatEnabled: z.boolean(), reminderHours: z.number().int().min(1).max(24 * 30) });

export const surveysRoutes: FastifyPluginAsync<{ surveys: SurveysService }> = async (plugin, { surveys }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];

  app.get('/tickets/:id/survey', { schema: { tags, summary: "The ticket's CSAT survey and its answer", params: IdParams, response: { 200: TicketSurveySchema } } }, async (request) =>
    surveys.getTicketSurvey(requireActor(request), request.params.id),
  );
  app.get(
    '/surveys/results',
    { schema: { tags, summary: 'CSAT or NPS results of a period, overall and by agent or team', querystring: z.strictObject({ ...Period, groupBy: z.enum(['agent', 'team']).optional() }), response: { 200: ResultsSchema } } },
    async (request) => surveys.results(requireActor(request), request.query),
  );
  app.get('/surveys/themes', { schema: { tags, summary: 'The frequent terms of the comments of a period', querystring: z.strictObject(Period), response: { 200: ThemesSchema } } }, async (request) =>
    surveys.themes(requireActor(request), request.query),
  );
  app.get('/survey-campaigns', { schema: { tags, summary: 'NPS campaigns', response: { 200: z.object({ items: z.array(CampaignSchema) }) } } }, async (request) => ({
    items: await surveys.listCampaigns(requireActor(request)),
  }));
  app.post('/survey-campaigns', { schema: { tags, summary: 'Create an NPS campaign (runs at its start, then every N months)', body: CreateCampaignBody, response: { 201: CampaignSchema } } }, async (request, reply) => {
    reply.code(201);
    return { ...(await surveys.createCampaign(requireActor(request), request.body)), sent: 0, answered: 0, npsScore: null };
  });
  app.post(
    '/survey-campaigns/:id/run',
    { schema: { tags, summary: 'Run a campaign now', params: IdParams, body: z.strictObject({}).optional(), response: { 200: z.object({ sent: z.number().int(), skipped: z.number().int() }) } } },
    async (request) => surveys.runCampaign(requireActor(request), request.params.id),
  );
  app.get('/survey-templates', { schema: { tags, summary: 'Multi-question survey templates', response: { 200: z.object({ items: z.array(TemplateSchema) }) } } }, async (request) => ({
    items: await surveys.listTemplates(requireActor(request)),
  }));
  app.post('/survey-templates', { schema: { tags, summary: 'Create a survey template', body: CreateTemplateBody, response: { 201: TemplateSchema } } }, async (request, reply) => {
    reply.code(201);
    return surveys.createTemplate(requireActor(request), request.body);
  });
  app.put(
    '/survey-templates/:id',
    { schema: { tags, summary: "Change a template's name and questions", params: IdParams, body: CreateTemplateBody.omit({ kind: true }), response: { 200: TemplateSchema } } },
    async (request) => surveys.updateTemplate(requireActor(request), request.params.id, request.body),
  );
  app.get('/survey-settings', { schema: { tags, summary: 'CSAT settings', response: { 200: SurveySettingsBody } } }, async (request) => surveys.getSettings(requireActor(request)));
  app.put('/survey-settings', { schema: { tags, summary: 'Change the CSAT settings', body: SurveySettingsBody, response: { 200: SurveySettingsBody } } }, async (request) =>
    surveys.updateSettings(requireActor(request), request.body),
  );
};

const TokenParams = z.strictObject({ token: z.string().min(1).max(200) });
export const AnswerBody = z.strictObject({
  score: z.number().int().min(0).max(10),
  comment: longText(2000).optional(),
  answers: z.record(z.string().max(40), z.union([text(2000), z.number().int().min(0).max(10)])).optional(),
});
export const PublicSurveySchema = z.object({
  kind: Kind,
  workspaceName: z.string(),
  ticketNumber: z.string().nullable(),
  locale: z.enum(['en', 'zh-CN']),
  questions: TemplateSchema.shape.questions,
  answered: z.boolean(),
  optedOut: z.boolean(),
});

/** The customer's side, under /api/surveys/<signed token>: no sign-in, the token is checked before anything is read. */
export const surveysPublicRoutes: FastifyPluginAsync<{ surveys: SurveysService }> = async (plugin, { surveys }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys (public)'];
  app.get('/api/surveys/:token', { schema: { tags, summary: 'What a survey link asks', params: TokenParams, response: { 200: PublicSurveySchema } }, config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request) =>
    surveys.getPublicSurvey(request.params.token),
  );
  app.post('/api/surveys/:token/answer', { schema: { tags, summary: 'Answer a survey (once)', params: TokenParams, body: AnswerBody, response: { 200: OkSchema } }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } }, async (request) =>
    surveys.answer(request.params.token, request.body),
  );
  app.post(
    '/api/surveys/:token/opt-out',
    { schema: { tags, summary: 'No more surveys for this customer', params: TokenParams, body: z.strictObject({}).optional(), response: { 200: OkSchema } }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request) => surveys.optOut(request.params.token),
  );
};
