import { z } from 'zod';
import { jsonKey, jsonValue, longText, text } from '../../platform/validation/index.ts';
import { CustomerSummarySchema } from '../customers/index.ts';
import { CUSTOM_FIELD_TYPES } from './custom-fields.ts';
import { SORT_KEYS } from './ticket-list-query.ts';
import { TICKET_STATUSES } from './ticket-status.ts';
import { CHANNELS, PRIORITIES, URGENCIES } from './ticket-fields.ts';
import { SLA_STATES } from '../../contracts/sla.ts';
import { DELIVERY_STATUSES, MESSAGE_AUTHOR_TYPES, MESSAGE_KINDS } from '../../contracts/tickets.ts';

/** Request and response contracts of the tickets API (validation, serialisation and OpenAPI at once). */

export const TicketStatusSchema = z.enum(TICKET_STATUSES);
const KEY = /^[a-z][a-z0-9_]{1,39}$/;
export const TypeKeySchema = z.string().regex(KEY);
const Instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const Names = z.strictObject({ en: text(100, 1), 'zh-CN': text(100, 1) });
/** Tags a ticket may carry. */
export const MAX_TAGS = 20;
const Tag = text(50, 1).refine((value) => !value.includes(','), { message: 'validation.invalid' });
const NextStep = text(500).nullable().optional();

const PersonRefSchema = z.object({ id: z.string(), name: z.string() });
const CustomFieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const TicketSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  subject: z.string(),
  description: z.string(),
  status: TicketStatusSchema,
  priority: z.enum(PRIORITIES),
  urgency: z.enum(URGENCIES),
  type: z.string(),
  channel: z.enum(CHANNELS),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), CustomFieldValueSchema),
  customerId: z.uuid(),
  customer: CustomerSummarySchema.nullable(),
  assignee: PersonRefSchema.nullable(),
  team: PersonRefSchema.nullable(),
  department: PersonRefSchema.nullable(),
  expectedCompletionAt: z.date().nullable(),
  actualCompletionAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  csat: z.number().int().nullable(),
  mergedIntoId: z.uuid().nullable(),
  firstResponseAt: z.date().nullable(),
  lastMessageAt: z.date().nullable(),
  createdBy: z.uuid().nullable(),
  version: z.number().int(),
  slaState: z.enum(SLA_STATES),
  slaNextDueAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** List rows leave out the (possibly long) description. */
export const TicketListItemSchema = TicketSchema.omit({ description: true });

const Count = z.number().int().min(0);

/** GET /tickets/counts: open work (active statuses) by dimension, and today's flow in the workspace's time zone. */
export const TicketCountsSchema = z.object({
  open: Count.describe('Tickets in an active status (new, open, pending, on hold)'),
  unassigned: Count.describe('Open tickets nobody is assigned to'),
  byStatus: z.partialRecord(TicketStatusSchema, Count).describe('Open tickets by status: every active status, 0 when none'),
  byPriority: z.record(z.enum(PRIORITIES), Count),
  bySlaState: z.record(z.enum(SLA_STATES), Count),
  byTeam: z.array(z.object({ team: PersonRefSchema.nullable(), count: Count })).describe('Open tickets by team, most first; team null = none'),
  today: z.object({ since: z.date().describe('Start of today in the workspace time zone'), created: Count, solved: Count }),
  asOf: z.date(),
});

export const LinkedTicketSchema = z.object({ id: z.uuid(), number: z.string(), subject: z.string(), status: TicketStatusSchema, linkedAt: z.date() });

export const TicketDetailSchema = TicketSchema.extend({
  links: z.array(LinkedTicketSchema),
  extensions: z.record(z.string(), z.unknown()),
});

export const AttachmentSchema = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  url: z.string(),
  createdAt: z.date(),
});

export const MessageSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  kind: z.enum(MESSAGE_KINDS),
  authorType: z.enum(MESSAGE_AUTHOR_TYPES),
  author: PersonRefSchema.nullable(),
  body: z.string(),
  isAutoReply: z.boolean(),
  attachments: z.array(AttachmentSchema),
  copiedFromId: z.uuid().nullable(),
  /** The channel side: the provider's id, the addresses (masked without `contacts.unmasked`), the HTML as sent or received. */
  externalId: z.string().nullable(),
  from: z.string().nullable(),
  to: z.array(z.string()),
  htmlBody: z.string().nullable(),
  /** Outbound messages of a channel: how far it got; null for messages that went through none. */
  deliveryStatus: z.enum(DELIVERY_STATUSES).nullable(),
  deliveryError: z.string().nullable(),
  createdAt: z.date(),
});

export const TimelineEntrySchema = z.object({
  id: z.number().int(),
  at: z.date(),
  stage: z.string(),
  kind: z.string(),
  operator: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  messageId: z.uuid().nullable(),
  attachmentIds: z.array(z.uuid()),
  content: z.string().nullable(),
  nextStep: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const CustomerRefSchema = z
  .strictObject({
    id: z.uuid().optional(),
    name: text(200).optional(),
    email: text(254).optional(),
    phone: text(50).optional(),
    wechatOpenId: text(128).optional(),
    externalId: text(200).optional(),
  })
  .refine((customer) => customer.id === undefined || Object.keys(customer).length === 1, { message: 'validation.invalid', path: ['id'] });

export const CreateTicketBody = z.strictObject({
  subject: text(300, 1),
  description: longText(50_000).optional(),
  customer: CustomerRefSchema,
  priority: z.enum(PRIORITIES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  type: TypeKeySchema.optional(),
  channel: z.enum(CHANNELS).optional(),
  tags: z.array(Tag).max(MAX_TAGS).optional(),
  customFields: z.record(jsonKey, jsonValue).optional(),
  assigneeId: z.uuid().nullable().optional(),
  teamId: z.uuid().nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  expectedCompletionAt: Instant.nullable().optional(),
  descriptionAuthor: z.enum(['customer', 'agent']).optional(),
  nextStep: NextStep,
});

export const UpdateTicketBody = z.strictObject({
  subject: text(300, 1).optional(),
  status: TicketStatusSchema.optional(),
  priority: z.enum(PRIORITIES).optional(),
  urgency: z.enum(URGENCIES).optional(),
  type: TypeKeySchema.optional(),
  channel: z.enum(CHANNELS).optional(),
  tags: z.array(Tag).max(MAX_TAGS).optional(),
  customFields: z.record(jsonKey, jsonValue).optional(),
  customerId: z.uuid().optional(),
  assigneeId: z.uuid().nullable().optional(),
  teamId: z.uuid().nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  expectedCompletionAt: Instant.nullable().optional(),
  csat: z.number().int().min(1).max(5).nullable().optional(),
  nextStep: NextStep,
});

const Address = text(320, 1);

export const AddMessageBody = z.strictObject({
  kind: z.enum(MESSAGE_KINDS).default('reply'),
  body: longText(50_000).default(''),
  attachmentIds: z.array(z.uuid()).max(10).optional(),
  isAutoReply: z.boolean().optional(),
  nextStep: NextStep,
  /** `customer`: what the customer wrote elsewhere, brought in by an API token with the `messages.customer` scope. */
  authorType: z.enum(['agent', 'customer']).optional(),
  externalId: text(500, 1).optional(),
  from: Address.optional(),
  to: z.array(Address).max(50).optional(),
  htmlBody: longText(200_000).optional(),
});

/** One change for many tickets at once (all or nothing); `version` per ticket as the caller saw it. */
export const BulkUpdateBody = z.strictObject({
  tickets: z
    .array(z.strictObject({ id: z.uuid(), version: z.number().int().min(1).optional() }))
    .min(1)
    .max(500)
    .refine((items) => new Set(items.map((item) => item.id)).size === items.length, { message: 'tickets.bulk_duplicate' }),
  change: z
    .strictObject({
      assigneeId: z.uuid().nullable().optional(),
      teamId: z.uuid().nullable().optional(),
      status: TicketStatusSchema.optional(),
      addTags: z.array(Tag).max(MAX_TAGS).optional(),
      removeTags: z.array(Tag).max(MAX_TAGS).optional(),
      nextStep: NextStep,
    })
    .refine((change) => Object.entries(change).some(([key, value]) => key !== 'nextStep' && value !== undefined), { message: 'tickets.bulk_empty' }),
});

/** Multipart form fields arrive as text: the same message, with booleans spelled out. */
export const AddMessageFormFields = AddMessageBody.extend({
  isAutoReply: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
});

// ---- list filters ----

const AssigneeFilter = z.union([z.literal('me'), z.literal('none'), z.uuid()]);
const DateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Filters as a saved view stores them (JSON). */
export const ViewFiltersSchema = z.strictObject({
  status: z.array(TicketStatusSchema).max(6).optional(),
  priority: z.array(z.enum(PRIORITIES)).max(3).optional(),
  assignee: AssigneeFilter.optional(),
  team: z.array(z.uuid()).max(50).optional(),
  department: z.array(z.uuid()).max(50).optional(),
  type: z.array(TypeKeySchema).max(50).optional(),
  channel: z.array(z.enum(CHANNELS)).max(6).optional(),
  tag: z.array(Tag).max(10).optional(),
  customer: z.uuid().optional(),
  createdFrom: DateOrInstant.optional(),
  createdTo: DateOrInstant.optional(),
  slaAtRisk: z.boolean().optional(),
  q: text(200).optional(),
  sort: z.enum(SORT_KEYS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

/** `a,b` or a repeated parameter both give a list. */
const csv = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (value) => (Array.isArray(value) ? value : [value]).flatMap((entry) => (typeof entry === 'string' ? entry.split(',') : [entry])).filter((entry) => entry !== ''),
    z.array(item).max(max),
  );

export const ListTicketsQuerySchema = z.strictObject({
  view: z.union([z.enum(['mine', 'unassigned', 'team', 'sla_at_risk', 'all']), z.uuid()]).optional(),
  status: csv(TicketStatusSchema, 6).optional(),
  priority: csv(z.enum(PRIORITIES), 3).optional(),
  assignee: AssigneeFilter.optional(),
  team: csv(z.uuid(), 50).optional(),
  department: csv(z.uuid(), 50).optional(),
  type: csv(TypeKeySchema, 50).optional(),
  channel: csv(z.enum(CHANNELS), 6).optional(),
  tag: csv(text(50, 1), 10).optional(),
  customer: z.uuid().optional(),
  createdFrom: DateOrInstant.optional(),
  createdTo: DateOrInstant.optional(),
  slaAtRisk: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  q: text(200).optional(),
  sort: z.enum(SORT_KEYS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const SavedViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  filters: z.record(z.string(), z.unknown()),
  isShared: z.boolean(),
  ownerId: z.uuid(),
  isMine: z.boolean(),
  createdAt: z.date(),
});

export const CreateViewBody = z.strictObject({ name: text(100, 1), filters: ViewFiltersSchema, isShared: z.boolean().optional() });

// ---- settings ----

export const TicketTypeSchema = z.object({
  key: z.string(),
  names: z.object({ en: z.string(), 'zh-CN': z.string() }),
  isActive: z.boolean(),
  isBuiltIn: z.boolean(),
  position: z.number().int(),
});

export const CreateTicketTypeBody = z.strictObject({
  key: TypeKeySchema,
  names: Names,
  isActive: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export const UpdateTicketTypeBody = z.strictObject({
  names: Names.optional(),
  isActive: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

const OptionSchema = z.strictObject({ value: z.string().regex(/^[\p{L}\p{N}_.-]{1,64}$/u), labels: Names });

export const CustomFieldSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  labels: z.object({ en: z.string(), 'zh-CN': z.string() }),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.object({ value: z.string(), labels: z.object({ en: z.string(), 'zh-CN': z.string() }) })),
  isRequired: z.boolean(),
  position: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const CreateCustomFieldBody = z.strictObject({
  key: z.string().regex(KEY),
  labels: Names,
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(OptionSchema).max(200).optional(),
  isRequired: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export const UpdateCustomFieldBody = z.strictObject({
  labels: Names.optional(),
  options: z.array(OptionSchema).max(200).optional(),
  isRequired: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
