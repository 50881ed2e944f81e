/** The bot's settings (threshold, business hours, greeting, hand-off words, provider) and its intents. */
import { z } from 'zod';
import type { Actor } from '../../platform/actor.ts';
import { isUuid, newId } from '../../platform/ids.ts';
import { text, textProblem } from '../../platform/validation/index.ts';
import { INTENT_ACTIONS } from '../../contracts/kb.ts';
import { assertCan } from '../identity/index.ts';
import * as repo from './bot.repository.ts';
import { intentNotFound, validationError, type BotDeps } from './bot.context.ts';
import { isValidPattern, DEFAULT_SLOT_PATTERN } from './templates.ts';

/** The provider key is never sent back: this stands in for it, and sending it back keeps the stored one. */
export const HIDDEN_KEY = '••••••••';
/** A secret: the text rule, never sent back (`x-kefu-text: secret`, so it is not compared as sent). */
const secret = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
    })
    .meta({ maxLength: max, 'x-kefu-text': 'secret' });
const HttpUrl = text(500).refine((value) => value === '' || /^https?:\/\/[^\s]+$/i.test(value), { message: 'validation.invalid' });

export const SettingsBody = z.strictObject({
  isEnabled: z.boolean().optional(),
  answerThreshold: z.number().min(0.05).max(1).optional(),
  suggestThreshold: z.number().min(0).max(1).optional(),
  calendarId: z.uuid().nullable().optional().describe('Business hours (an SLA calendar); null: always open'),
  greetingEn: text(500).optional(),
  greetingZh: text(500).optional(),
  handoffWords: z.array(text(40, 1)).max(30).optional().describe('Phrases besides 转人工 / human / agent that always reach a person'),
  emailAutoReply: z.boolean().optional(),
  providerUrl: HttpUrl.nullable().optional().describe('An OpenAI-compatible endpoint (…/v1); empty or null: the built-in offline engine only'),
  providerKey: secret(300).nullable().optional(),
  providerModel: text(100).nullable().optional(),
  embeddingModel: text(100).nullable().optional(),
  useEmbeddings: z.boolean().optional(),
  useDrafts: z.boolean().optional(),
});

const LookupBody = z.strictObject({
  url: text(500, 1).refine((value) => /^https?:\/\/[^\s]+$/i.test(value), { message: 'validation.invalid' }).describe('The company system; {slot} is replaced by the value found in the message'),
  method: z.enum(['GET', 'POST']).optional(),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), text(500)).optional(),
  slotName: z.string().regex(/^\w{1,30}$/).optional(),
  slotPattern: text(200).optional(),
  answerEn: text(1000),
  answerZh: text(1000),
  askEn: text(500).optional(),
  askZh: text(500).optional(),
});

export const IntentBody = z.strictObject({
  name: text(100, 1),
  examples: z.array(text(300, 1)).min(1).max(200),
  action: z.enum(INTENT_ACTIONS),
  replyEn: text(2000).optional(),
  replyZh: text(2000).optional(),
  lookup: LookupBody.nullable().optional(),
  isActive: z.boolean().optional(),
});

export type SettingsView = Omit<repo.BotSettingsRecord, 'providerKey' | 'configVersion'> & { providerKey: string | null };

const toSettingsView = ({ providerKey, configVersion: _version, ...rest }: repo.BotSettingsRecord): SettingsView => ({ ...rest, providerKey: providerKey ? HIDDEN_KEY : null });
const blankToNull = (value: string | null | undefined, current: string | null) => (value === undefined ? current : value === null || value.trim() === '' ? null : value);

export function createBotSettingsOps(deps: BotDeps) {
  const { db, clock, audit } = deps;

  return {
    async getBotSettings(actor: Actor): Promise<SettingsView> {
      assertCan(actor, 'bot.manage');
      return toSettingsView(await repo.selectSettings(db, actor.workspaceId));
    },

    async updateBotSettings(actor: Actor, input: z.infer<typeof SettingsBody>): Promise<SettingsView> {
      assertCan(actor, 'bot.manage');
      if (input.calendarId) await deps.sla.getCalendar(actor, input.calendarId).catch(() => {
        throw validationError([{ field: 'calendarId', messageKey: 'bot.unknown_calendar' }]);
      });
      return db.transaction(async (tx) => {
        const current = await repo.selectSettings(tx, actor.workspaceId);
        const next = {
          isEnabled: input.isEnabled ?? current.isEnabled,
          answerThreshold: input.answerThreshold ?? current.answerThreshold,
          suggestThreshold: input.suggestThreshold ?? current.suggestThreshold,
          calendarId: input.calendarId === undefined ? current.calendarId : input.calendarId,
          greetingEn: input.greetingEn ?? current.greetingEn,
          greetingZh: input.greetingZh ?? current.greetingZh,
          handoffWords: input.handoffWords ?? current.handoffWords,
          emailAutoReply: input.emailAutoReply ?? current.emailAutoReply,
          providerUrl: blankToNull(input.providerUrl, current.providerUrl),
          providerKey: input.providerKey === HIDDEN_KEY ? current.providerKey : blankToNull(input.providerKey, current.providerKey),
          providerModel: blankToNull(input.providerModel, current.providerModel),
          embeddingModel: blankToNull(input.embeddingModel, current.embeddingModel),
          useEmbeddings: input.useEmbeddings ?? current.useEmbeddings,
          useDrafts: input.useDrafts ?? current.useDrafts,
        };
        if (next.suggestThreshold > next.answerThreshold) throw validationError([{ field: 'suggestThreshold', messageKey: 'bot.suggest_above_answer' }]);
        const stored = await repo.upsertSettings(tx, actor.workspaceId, next, clock.now());
        await audit.record(tx, actor, { action: 'bot.settings_updated', entityType: 'bot', details: { fields: Object.keys(input).filter((key) => key !== 'providerKey') } });
        return toSettingsView(stored);
      });
    },

    async listIntents(actor: Actor): Promise<repo.IntentRecord[]> {
      assertCan(actor, 'bot.manage');
      return repo.selectIntents(db, actor.workspaceId);
    },

    async saveIntent(actor: Actor, id: string | undefined, input: z.infer<typeof IntentBody>): Promise<repo.IntentRecord> {
      assertCan(actor, 'bot.manage');
      if (input.action === 'lookup' && !input.lookup) throw validationError([{ field: 'lookup', messageKey: 'bot.lookup_required' }]);
      if (input.lookup?.slotPattern && !isValidPattern(input.lookup.slotPattern)) throw validationError([{ field: 'lookup.slotPattern', messageKey: 'bot.bad_pattern' }]);
      if (id !== undefined && !isUuid(id)) throw intentNotFound();
      return db.transaction(async (tx) => {
        const existing = id ? await repo.selectIntent(tx, actor.workspaceId, id) : undefined;
        if (id && !existing) throw intentNotFound();
        const now = clock.now();
        const lookup = input.lookup
          ? {
              url: input.lookup.url, method: input.lookup.method ?? 'GET', headers: input.lookup.headers ?? {}, slotName: input.lookup.slotName ?? 'order',
              slotPattern: input.lookup.slotPattern || DEFAULT_SLOT_PATTERN, answerEn: input.lookup.answerEn, answerZh: input.lookup.answerZh,
              askEn: input.lookup.askEn ?? '', askZh: input.lookup.askZh ?? '',
            } satisfies repo.LookupConfig
          : null;
        const intent: repo.IntentRecord = {
          id: existing?.id ?? newId(), name: input.name, examples: [...new Set(input.examples)], action: input.action, replyEn: input.replyEn ?? '', replyZh: input.replyZh ?? '',
          lookup, isActive: input.isActive ?? true, createdAt: existing?.createdAt ?? now, updatedAt: now,
        };
        await repo.upsertIntent(tx, actor.workspaceId, intent);
        await repo.bumpConfigVersion(tx, actor.workspaceId, now);
        await audit.record(tx, actor, { action: existing ? 'bot.intent_updated' : 'bot.intent_created', entityType: 'bot_intent', entityId: intent.id });
        return intent;
      });
    },

    async deleteIntent(actor: Actor, id: string): Promise<void> {
      assertCan(actor, 'bot.manage');
      if (!isUuid(id)) throw intentNotFound();
      await db.transaction(async (tx) => {
        if (!(await repo.deleteIntent(tx, actor.workspaceId, id))) throw intentNotFound();
        await repo.bumpConfigVersion(tx, actor.workspaceId, clock.now());
        await audit.record(tx, actor, { action: 'bot.intent_deleted', entityType: 'bot_intent', entityId: id });
      });
    },
  };
}
