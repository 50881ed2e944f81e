/**
 * The frames clients send on the chat sockets, validated like request bodies. Replies and announcements are
 * described in docs/chat.md.
 */
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { translate, type Locale } from '../../platform/i18n.ts';
import { EmailSchema, fieldProblemsFromZodError, longText, text } from '../../platform/validation/index.ts';

/** A message is announced to every node in one NOTIFY, whose payload PostgreSQL caps at 8,000 bytes. */
export const MAX_MESSAGE_BYTES = 6000;
export const MAX_MESSAGE_CHARS = 2000;

const MessageText = longText(MAX_MESSAGE_CHARS).refine((value) => Buffer.byteLength(value) <= MAX_MESSAGE_BYTES, { message: 'too long' });
const ClientId = z.string().regex(/^[\w-]{1,64}$/);
const Seq = z.number().int().min(0).max(2_147_483_647);
const Contacts = {
  name: text(100, 1),
  email: EmailSchema.optional(),
  phone: text(40).regex(/^\+?[\d\s()-]{5,40}$/).optional(),
};

export const MessageBody = z.strictObject({ clientId: ClientId, text: MessageText, attachmentIds: z.array(z.uuid()).max(5).optional() })
  .refine((value) => value.text.trim().length > 0 || (value.attachmentIds?.length ?? 0) > 0, { message: 'empty', path: ['text'] });

export const VisitorFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), conversationId: z.uuid().optional(), token: z.string().min(10).max(100).optional(), after: Seq.optional(), locale: z.enum(['en', 'zh-CN']).optional() }),
  z.strictObject({ type: z.literal('start'), ...Contacts }),
  z.strictObject({ type: z.literal('leave'), ...Contacts, text: longText(MAX_MESSAGE_CHARS, 1) }),
  z.strictObject({ type: z.literal('message'), clientId: ClientId, text: MessageText, attachmentIds: z.array(z.uuid()).max(5).optional() }),
  z.strictObject({ type: z.literal('typing'), on: z.boolean() }),
  z.strictObject({ type: z.literal('read'), seq: Seq }),
  z.strictObject({ type: z.literal('resume'), after: Seq }),
  z.strictObject({ type: z.literal('end') }),
]);
export type VisitorFrame = z.infer<typeof VisitorFrame>;

export const AgentFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('message'), conversationId: z.uuid(), clientId: ClientId, text: MessageText }),
  z.strictObject({ type: z.literal('typing'), conversationId: z.uuid(), on: z.boolean() }),
  z.strictObject({ type: z.literal('read'), conversationId: z.uuid(), seq: Seq }),
]);
export type AgentFrame = z.infer<typeof AgentFrame>;

/** Parses one frame; a frame that is not JSON or breaks the schema becomes a validation error. */
export function parseFrame<Schema extends z.ZodType>(schema: Schema, data: unknown): z.infer<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(String(data));
  } catch {
    throw new AppError('validation', 'errors.bad_json');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('validation', 'errors.validation', { fields: fieldProblemsFromZodError(parsed.error) });
  return parsed.data;
}

/** An error as a frame in the client's language (the socket's counterpart of problem+json). */
export function errorFrame(error: unknown, locale: Locale, replyTo?: string): Record<string, unknown> & { type: 'error' } {
  const tag = replyTo ? { clientId: replyTo } : {};
  if (!(error instanceof AppError)) return { type: 'error', code: 'internal', detail: translate(locale, 'errors.internal', { requestId: '-' }), errors: [], ...tag };
  return {
    type: 'error',
    code: error.code,
    detail: translate(locale, error.messageKey, error.params),
    errors: error.fields.map((field) => ({ field: field.field, code: field.messageKey, message: field.message ?? translate(locale, field.messageKey, field.params ?? {}) })),
    ...tag,
  };
}
