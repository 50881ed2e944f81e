import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/actor.ts';
import { IdParams, longText } from '../../platform/validation/index.ts';
import type { CustomerNotices } from './customer-notices.ts';

export const NoticeSettingsSchema = z.object({
  acknowledgeNew: z.boolean().describe('Acknowledge a ticket a customer opens by mail'),
  notifySolved: z.boolean().describe('Tell the customer when the ticket is solved (with the satisfaction link when there is one)'),
  smsNotices: z.boolean().describe('Also send notices by SMS to customers with a phone number (needs an SMS gateway)'),
  updatedAt: z.date().nullable(),
});

const UpdateNoticeSettingsBody = z.strictObject({ acknowledgeNew: z.boolean().optional(), notifySolved: z.boolean().optional(), smsNotices: z.boolean().optional() });
const ProgressUpdateBody = z.strictObject({ message: longText(2_000, 1).describe('What the customer is told; the template adds the greeting and ticket number') });

export type NoticeSettingsSchema = z.infer<typeof NoticeSettingsSchema>;
export type UpdateNoticeSettingsBody = z.infer<typeof UpdateNoticeSettingsBody>;
export type ProgressUpdateBody = z.infer<typeof ProgressUpdateBody>;

export const noticesRoutes: FastifyPluginAsync<{ notices: CustomerNotices }> = async (plugin, { notices }) => {
  const app = plugin.withTypeProvider<ZodTypeProvider>();

  app.get('/customer-notice-settings', { schema: { tags: ['notices'], summary: 'Which notices reach customers on their own (admin)', response: { 200: NoticeSettingsSchema } } }, async (request) =>
    notices.getSettings(requireActor(request)),
  );

  app.patch('/customer-notice-settings', { schema: { tags: ['notices'], summary: 'Turn the acknowledgement, solved notice or SMS notices on or off (admin)', body: UpdateNoticeSettingsBody, response: { 200: NoticeSettingsSchema } } }, async (request) =>
    notices.updateSettings(requireActor(request), request.body),
  );

  app.post(
    '/tickets/:id/progress-updates',
    {
      schema: {
        tags: ['notices'],
        summary: "Send the customer a progress update by e-mail (and SMS); the SLA's progress target counts it once sent",
        params: IdParams,
        body: ProgressUpdateBody,
        response: { 202: z.object({ items: z.array(z.object({ id: z.uuid(), channel: z.string() })) }) },
      },
    },
    async (request, reply) => reply.status(202).send(await notices.sendProgressUpdate(requireActor(request), request.params.id, request.body)),
  );
};
