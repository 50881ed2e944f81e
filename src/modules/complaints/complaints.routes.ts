import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { IdParams } from '../../platform/validation/index.ts';
import { COMPLAINT_STATUSES } from './complaint-flow.ts';
import {
  AssignFollowUpBody,
  AttemptBody,
  CompensationSchema,
  ComplaintDetailSchema,
  ComplaintSchema,
  ComplaintSettingsBody,
  CompleteFollowUpBody,
  CreateComplaintBody,
  FollowUpSchema,
  LedgerRowSchema,
  LedgerTotalsSchema,
  MetricsSchema,
  Period,
  ProposeBody,
  RecordBody,
  RejectBody,
  ReopenBody,
} from './complaints.schemas.ts';
import type { ComplaintsService } from './complaints.service.ts';

const Empty = z.strictObject({}).optional();

export const complaintsRoutes: FastifyPluginAsync<{ complaints: ComplaintsService }> = async (plugin, { complaints }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const tags = ['complaints'];
  const step = (path: string, summary: string, run: (actor: ReturnType<typeof requireActor>, id: string) => Promise<unknown>) =>
    app.post(path, { schema: { tags, summary, params: IdParams, body: Empty, response: { 200: ComplaintSchema } } }, async (request) => run(requireActor(request), request.params.id) as Promise<z.infer<typeof ComplaintSchema>>);

  app.post('/complaints', { schema: { tags, summary: 'Receive a complaint on a ticket (the ticket becomes a complaint with the priority of its severity)', body: CreateComplaintBody, response: { 201: ComplaintSchema } } }, async (request, reply) => {
    reply.code(201);
    return complaints.createComplaint(requireActor(request), request.body);
  });
  app.get(
    '/complaints',
    { schema: { tags, summary: 'Complaints, newest first', querystring: z.strictObject({ status: z.enum([...COMPLAINT_STATUSES, 'open']).optional(), ticketId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).optional() }), response: { 200: z.object({ items: z.array(ComplaintSchema) }) } } },
    async (request) => ({ items: await complaints.listComplaints(requireActor(request), request.query) }),
  );
  app.get('/complaints/metrics', { schema: { tags, summary: 'Complaints of a period, second complaints and their rate (target ≤ 5 %)', querystring: z.strictObject(Period), response: { 200: MetricsSchema } } }, async (request) =>
    complaints.metrics(requireActor(request), request.query),
  );
  app.get('/complaints/:id', { schema: { tags, summary: 'A complaint with its compensations and follow-up visits', params: IdParams, response: { 200: ComplaintDetailSchema } } }, async (request) =>
    complaints.getComplaint(requireActor(request), request.params.id),
  );
  app.post('/complaints/:id/record', { schema: { tags, summary: 'Record time, contact, order and amount involved', params: IdParams, body: RecordBody, response: { 200: ComplaintSchema } } }, async (request) =>
    complaints.recordDetails(requireActor(request), request.params.id, request.body),
  );
  step('/complaints/:id/confirm', 'The customer confirmed what was recorded', (actor, id) => complaints.confirmWithCustomer(actor, id));
  step('/complaints/:id/respond', 'The quick response was given', (actor, id) => complaints.respond(actor, id));
  app.post('/complaints/:id/reopen', { schema: { tags, summary: 'Raise a closed complaint again: a new, second complaint', params: IdParams, body: ReopenBody, response: { 201: ComplaintSchema } } }, async (request, reply) => {
    reply.code(201);
    return complaints.reopen(requireActor(request), request.params.id, request.body);
  });
  app.post('/complaints/:id/compensations', { schema: { tags, summary: 'Propose a solution with its amount (over the threshold a supervisor approves)', params: IdParams, body: ProposeBody, response: { 201: CompensationSchema } } }, async (request, reply) => {
    reply.code(201);
    return complaints.propose(requireActor(request), request.params.id, request.body);
  });
  app.get('/compensations/pending', { schema: { tags, summary: 'Compensations waiting for a supervisor, oldest first', response: { 200: z.object({ items: z.array(CompensationSchema) }) } } }, async (request) => ({
    items: await complaints.approvalQueue(requireActor(request)),
  }));
  app.post('/compensations/:id/approve', { schema: { tags, summary: 'Approve (supervisors)', params: IdParams, body: Empty, response: { 200: CompensationSchema } } }, async (request) =>
    complaints.decide(requireActor(request), request.params.id, { approve: true }),
  );
  app.post('/compensations/:id/reject', { schema: { tags, summary: 'Reject with a reason (supervisors)', params: IdParams, body: RejectBody, response: { 200: CompensationSchema } } }, async (request) =>
    complaints.decide(requireActor(request), request.params.id, { approve: false, reason: request.body.reason }),
  );
  app.post('/compensations/:id/execute', { schema: { tags, summary: 'Mark an approved compensation carried out', params: IdParams, body: Empty, response: { 200: CompensationSchema } } }, async (request) =>
    complaints.markExecuted(requireActor(request), request.params.id),
  );

  const LedgerQuery = z.strictObject({ ...Period, cursor: z.string().max(500).optional(), limit: z.coerce.number().int().min(1).max(500).optional() });
  app.get('/ledger', { schema: { tags: ['ledger'], summary: 'Executed compensations of a period, oldest first', querystring: LedgerQuery, response: { 200: z.object({ items: z.array(LedgerRowSchema), nextCursor: z.string().nullable() }) } } }, async (request) =>
    complaints.ledger(requireActor(request), request.query),
  );
  app.get(
    '/ledger/totals',
    { schema: { tags: ['ledger'], summary: 'Ledger totals by month, day, root cause, team or type (per currency)', querystring: z.strictObject({ ...Period, groupBy: z.enum(['month', 'day', 'cause', 'team', 'type']) }), response: { 200: LedgerTotalsSchema } } },
    async (request) => complaints.ledgerTotals(requireActor(request), request.query),
  );
  app.get('/ledger/export.csv', { schema: { tags: ['ledger'], summary: 'The ledger of a period as CSV', querystring: z.strictObject(Period) } }, async (request, reply) => {
    const csv = await complaints.ledgerCsv(requireActor(request), request.query);
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="compensation-ledger.csv"');
    return csv;
  });

  const FollowUpQuery = z.strictObject({ status: z.enum(['open', 'done', 'escalated', 'active']).optional(), mine: z.enum(['true', 'false']).optional(), ticketId: z.uuid().optional() });
  app.get('/follow-ups', { schema: { tags: ['follow-ups'], summary: 'Follow-up visits, soonest due first', querystring: FollowUpQuery, response: { 200: z.object({ items: z.array(FollowUpSchema) }) } } }, async (request) => ({
    items: await complaints.listFollowUps(requireActor(request), { ...request.query, mine: request.query.mine === 'true' }),
  }));
  app.patch('/follow-ups/:id', { schema: { tags: ['follow-ups'], summary: 'Assign or reschedule a visit', params: IdParams, body: AssignFollowUpBody, response: { 200: FollowUpSchema } } }, async (request) =>
    complaints.assignFollowUp(requireActor(request), request.params.id, request.body),
  );
  app.post('/follow-ups/:id/attempts', { schema: { tags: ['follow-ups'], summary: 'The customer could not be reached (after N attempts the supervisors take it)', params: IdParams, body: AttemptBody, response: { 200: FollowUpSchema } } }, async (request) =>
    complaints.recordAttempt(requireActor(request), request.params.id, request.body),
  );
  app.post('/follow-ups/:id/complete', { schema: { tags: ['follow-ups'], summary: 'Record the outcome of the visit', params: IdParams, body: CompleteFollowUpBody, response: { 200: FollowUpSchema } } }, async (request) =>
    complaints.completeFollowUp(requireActor(request), request.params.id, request.body),
  );

  app.get('/complaint-settings', { schema: { tags, summary: 'Approval threshold, currency, follow-up attempts, complaint team', response: { 200: ComplaintSettingsBody } } }, async (request) => complaints.getSettings(requireActor(request)));
  app.put('/complaint-settings', { schema: { tags, summary: 'Change the complaint settings', body: ComplaintSettingsBody, response: { 200: ComplaintSettingsBody } } }, async (request) =>
    complaints.updateSettings(requireActor(request), request.body),
  );
};
