import { systemActor } from '../../../platform/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, Sql } from '../../../platform/db.ts';
import { AppError, invalidField } from '../../../platform/errors.ts';
import { translate, type Locale } from '../../../platform/i18n.ts';
import { isUuid } from '../../../platform/ids.ts';
import { textProblem } from '../../../platform/validation/index.ts';
import type { CustomersService } from '../../customers/index.ts';
import { ACTIVE_STATUSES, type TicketsService } from '../../tickets/index.ts';
import type { WorkspacesService } from '../../workspaces/index.ts';
import type { ChannelInbound, PreparedArrival } from '../channel-inbound.ts';
import type { StoredInbound } from '../channel-inbound.repository.ts';
import type { InboundFiling } from '../inbound-filing.ts';
import { isTokenRejected, type WechatApi } from './wechat-api.ts';
import { decryptWechatMessage, WechatDecryptError } from './wechat-crypto.ts';
import { isWechatSignatureValid } from './wechat-signature.ts';
import { parseWechatXml, WechatXmlError } from './wechat-xml.ts';
import * as repo from './wechat.repository.ts';

export interface WechatIntakeDeps {
  db: Db;
  clock: Clock;
  tickets: TicketsService;
  customers: Pick<CustomersService, 'resolveCustomer'>;
  workspaces: WorkspacesService;
  inbound: ChannelInbound;
  api: WechatApi;
  /** A valid access token of the account (cached, refreshed when needed). */
  accessToken(account: repo.WechatAccountRecord, options?: { refresh?: boolean }): Promise<string>;
}

/** The query string WeChat signs its calls with (`msg_signature` and `encrypt_type=aes` in safe mode). */
export interface WechatCallQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  msg_signature?: string;
  encrypt_type?: string;
}

const SUBJECT_CHARS = 60;
/** WeChat caps a text message at 2,048 bytes; ids, keys and labels are far shorter. */
const MAX_FIELD_CHARS = { Content: 4_000, other: 1_000 } as const;
/** Events that open (or keep open) the 48-hour reply window, besides every message. */
const WINDOW_EVENTS = new Set(['subscribe', 'CLICK', 'SCAN']);

const badSignature = () => new AppError('unauthenticated', 'channels.wechat.bad_signature');

export function createWechatIntake(deps: WechatIntakeDeps) {
  const { db, clock } = deps;

  /** An active account for a hook call; unknown, paused and malformed ids are all “not found”. */
  async function requireHookAccount(accountId: string): Promise<repo.WechatAccountRecord> {
    const account = isUuid(accountId) ? await repo.selectAccountById(db, accountId) : undefined;
    if (!account || !account.isActive) throw new AppError('not_found', 'channels.wechat.account_not_found');
    return account;
  }

  const plainSignatureValid = (account: repo.WechatAccountRecord, query: WechatCallQuery) =>
    isWechatSignatureValid([account.token, query.timestamp ?? '', query.nonce ?? ''], query.signature);

  /** The fields of a posted message, decrypted in safe mode; signature problems are 401, malformed bodies 400. */
  function readMessage(account: repo.WechatAccountRecord, query: WechatCallQuery, body: string): Record<string, string> {
    const parse = (xml: string) => {
      try {
        return parseWechatXml(xml);
      } catch (error) {
        if (error instanceof WechatXmlError) throw invalidField('body', 'channels.wechat.bad_xml');
        throw error;
      }
    };
    if (query.encrypt_type === 'aes') {
      if (!query.msg_signature || !account.encodingAesKey) throw badSignature();
      const outer = parse(body);
      const encrypted = outer.Encrypt;
      if (!encrypted) throw invalidField('Encrypt', 'channels.wechat.missing_field');
      if (!isWechatSignatureValid([account.token, query.timestamp ?? '', query.nonce ?? '', encrypted], query.msg_signature)) throw badSignature();
      try {
        return parse(decryptWechatMessage(account.encodingAesKey, account.appId, encrypted));
      } catch (error) {
        if (error instanceof WechatDecryptError) throw invalidField('Encrypt', 'channels.wechat.not_decrypted');
        throw error;
      }
    }
    if (!plainSignatureValid(account, query)) throw badSignature();
    return parse(body);
  }

  /** What a follower sent, as the agent reads it (media arrive as attachments beside this text). */
  function describe(fields: Record<string, string>, locale: Locale): string {
    switch (fields.MsgType) {
      case 'text':
        return fields.Content ?? '';
      case 'image':
        return translate(locale, 'channels.wechat.image');
      case 'voice':
        return fields.Recognition ? translate(locale, 'channels.wechat.voice_recognised', { text: fields.Recognition }) : translate(locale, 'channels.wechat.voice');
      case 'video':
      case 'shortvideo':
        return translate(locale, 'channels.wechat.video');
      case 'location':
        return translate(locale, 'channels.wechat.location', { label: fields.Label ?? '', latitude: fields.Location_X ?? '', longitude: fields.Location_Y ?? '' });
      case 'link':
        return translate(locale, 'channels.wechat.link', { title: fields.Title ?? '', url: fields.Url ?? '' });
      case 'event':
        return fields.Event === 'CLICK' ? translate(locale, 'channels.wechat.menu_click', { key: fields.EventKey ?? '' }) : '';
      default:
        return translate(locale, 'channels.wechat.other', { type: fields.MsgType ?? '' });
    }
  }

  /** The follower's active WeChat ticket, most recently updated first. */
  async function openTicketOf(workspaceId: string, customerId: string): Promise<string | null> {
    const { items } = await deps.tickets.listTickets(systemActor(workspaceId), { customer: customerId, status: [...ACTIVE_STATUSES], channel: ['wechat'], sort: 'updated_at', order: 'desc', limit: 1 });
    return items[0]?.id ?? null;
  }

  /** Media a follower sent, fetched through the media API and stored as an upload the message will take. */
  async function storeMedia(account: repo.WechatAccountRecord, fields: Record<string, string>): Promise<string[]> {
    const mediaId = fields.MediaId;
    if (!mediaId || !['image', 'voice', 'video', 'shortvideo'].includes(fields.MsgType ?? '')) return [];
    const download = async (refresh: boolean) => deps.api.downloadMedia(await deps.accessToken(account, { refresh }), mediaId);
    const media = await download(false).catch(async (error: unknown) => {
      if (isTokenRejected(error)) return download(true);
      throw error;
    });
    const extension = media.contentType.split('/')[1]?.split(';')[0]?.trim() || 'bin';
    const upload = await deps.tickets.uploadAttachment(systemActor(account.workspaceId), { filename: media.filename ?? `${fields.MsgType}-${mediaId.slice(0, 16)}.${extension}`, data: media.data });
    return [upload.id];
  }

  /** Files one stored WeChat arrival: customer by OpenID, their open WeChat ticket (or a new one), media as attachments. */
  async function prepareArrival(arrival: StoredInbound): Promise<PreparedArrival> {
    const fields = arrival.payload.fields as Record<string, string>;
    const account = await repo.selectAccount(db, arrival.workspaceId, arrival.connectionId);
    if (!account) return { filing: null };
    const workspace = await deps.workspaces.getWorkspace(arrival.workspaceId);
    const locale = workspace.defaultLocale;
    const actor = systemActor(arrival.workspaceId, locale);
    const openId = fields.FromUserName!;
    const customer = await db.transaction((tx) =>
      deps.customers.resolveCustomer(tx, actor, { wechatOpenId: openId, name: translate(locale, 'channels.wechat.follower_name', { suffix: openId.slice(-6) }) }),
    );
    const sentAt = /^\d{1,12}$/.test(fields.CreateTime ?? '') ? new Date(Number(fields.CreateTime) * 1000) : arrival.receivedAt;
    const event = fields.MsgType === 'event' ? (fields.Event ?? '') : null;
    const opensWindow = event === null || WINDOW_EVENTS.has(event);
    const onFiled = async (tx: Sql) => {
      const isSubscribed = event === 'subscribe' ? true : event === 'unsubscribe' ? false : undefined;
      await repo.upsertFollower(tx, arrival.workspaceId, { accountId: account.id, openId, customerId: customer.id, isSubscribed, contactAt: opensWindow ? sentAt : null, now: clock.now() });
      await repo.recordMessageAt(tx, arrival.workspaceId, account.id, arrival.receivedAt);
    };
    const ticketId = await openTicketOf(arrival.workspaceId, customer.id);
    const base = { actor, channel: 'wechat' as const, ticketId, customer: { id: customer.id } };
    if (event === 'subscribe' || event === 'unsubscribe') {
      // A follow is no request: it is noted on an open conversation, and otherwise only remembered.
      return { filing: { ...base, subject: '', body: '', automatedNote: translate(locale, `channels.wechat.${event}d`) }, onFiled };
    }
    const body = describe(fields, locale);
    if (!body) return { filing: null, onFiled };
    const attachmentIds = await storeMedia(account, fields);
    const subject = fields.MsgType === 'text' ? body.replace(/\s+/g, ' ').trim().slice(0, SUBJECT_CHARS) : '';
    const filing: InboundFiling = { ...base, subject: subject || translate(locale, 'channels.wechat.new_conversation'), body, attachmentIds };
    return { filing, onFiled };
  }

  return {
    /** The server-URL check WeChat makes when an admin saves the configuration: echo `echostr` when the signature holds. */
    async verifyServer(accountId: string, query: WechatCallQuery): Promise<string> {
      const account = await requireHookAccount(accountId);
      if (!plainSignatureValid(account, query)) throw badSignature();
      return query.echostr ?? '';
    },

    /**
     * A message or event WeChat posted: checked, then stored durably before WeChat is answered (it retries
     * three times within 15 s otherwise); the same MsgId again is the same row. Nothing is stored on a bad
     * signature or body.
     */
    async receive(accountId: string, query: WechatCallQuery, body: string): Promise<{ id: string; isDuplicate: boolean }> {
      const account = await requireHookAccount(accountId);
      const fields = readMessage(account, query, body);
      for (const field of ['FromUserName', 'MsgType', 'CreateTime'] as const) if (!fields[field]) throw invalidField(field, 'channels.wechat.missing_field');
      // The text rule of every input: what WeChat sends passes it; what does not is no follower's message.
      for (const [field, value] of Object.entries(fields)) {
        const problem = textProblem(value) ?? (value.length > MAX_FIELD_CHARS[field === 'Content' ? 'Content' : 'other'] ? 'validation.too_long' : undefined);
        if (problem) throw invalidField(field, problem, { maximum: MAX_FIELD_CHARS[field === 'Content' ? 'Content' : 'other'] });
      }
      const dedupeKey = fields.MsgId ? `msg:${fields.MsgId}` : `event:${fields.FromUserName}:${fields.CreateTime}:${fields.Event ?? ''}:${fields.EventKey ?? ''}`;
      const stored = await db.transaction((tx) => deps.inbound.store(tx, account.workspaceId, { channel: 'wechat', connectionId: account.id, dedupeKey, payload: { fields } }));
      deps.inbound.notifyStored();
      return stored;
    },

    prepareArrival,
  };
}

export type WechatIntake = ReturnType<typeof createWechatIntake>;
