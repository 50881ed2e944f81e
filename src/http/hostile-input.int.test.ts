/**
 * Every write endpoint of the OpenAPI document, driven with hostile strings and structures (fast-check):
 * no answer is a 5xx, a 4xx leaves the workspace's data exactly as it was, and what a 2xx stored reads back
 * as sent (one-line text trimmed and composed, as the text rule documents).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { canonicalLine, storableTextProblem } from '../platform/validation/index.ts';
import { deeplyNestedJson, FUZZ_SEED, getAt, hostileString, hostileValue, leafPaths, objectPaths, setAt, textKindAt, type JsonSchema, type Path } from '../testing/hostile.ts';
import { makeDeadLetters, PROBE_SUBSCRIBER, type DeadPair } from '../testing/dead-letters.ts';
import { createTestContext, type TestContext, type TestUser, type TestWorkspace } from '../testing/test-app.ts';
import { signatureHeader } from '../modules/channels/hook-signature.ts';
import { signedQuery } from '../modules/channels/wechat/fake-wechat.testing.ts';
import { buildWechatXml } from '../modules/channels/wechat/wechat-xml.ts';

/** Runs per endpoint; about 1,250 requests in all. */
const RUNS = 24;
const PREFIX = '/api/v1';
const PLATFORM_TOKEN = 'fuzz-platform-token-0123456789abcdef';

interface Fixtures {
  ws: TestWorkspace;
  /** A user whose session and password the sign-in endpoints may change. */
  guest: TestUser;
  ids: Record<string, string>;
  /** Every SLA policy in evaluation order (a reorder must name them all). */
  policyOrder: string[];
  /** Every automation rule in running order, reversed (a reorder must name them all). */
  ruleOrder: string[];
  /** A dead delivery and a dead timer for the retry endpoints. */
  dead: DeadPair;
  /** Signing secrets of the provider hooks' fixtures (messaging). */
  secrets: Record<string, string>;
  /** The server's clock: provider signatures carry a timestamp. */
  now: () => Date;
  serial: () => number;
}

interface Operation {
  /** Base body: a valid request that the mutations start from (undefined: the endpoint takes no body). */
  body?: (f: Fixtures) => unknown;
  params?: (f: Fixtures) => Record<string, string>;
  /** Brings the fixtures up to date before the endpoint's runs. */
  prepare?: (f: Fixtures, t: TestContext) => Promise<void>;
  /** Sent as the guest instead of the admin. */
  asGuest?: boolean;
  /** Sent with no session at all (public and provider endpoints, which authenticate by other means). */
  anonymous?: boolean;
  /**
   * Headers the endpoint's own client sends (a bearer token, a signature over the exact body sent), computed for
   * each request after the hostile change.
   */
  headers?: (f: Fixtures, request: { method: string; url: string; payload: string | Buffer | undefined }) => Record<string, string>;
  /** A failed sign-in is recorded on purpose (lockout counter, audit), so these tables may change on a 4xx. */
  mayRecordOnFailure?: string[];
  /** A query string the endpoint's client adds (WeChat signs its calls in the query). */
  query?: (f: Fixtures) => string;
  /** The body's wire form when it is not JSON (WeChat's XML). */
  encode?: (body: unknown) => string;
  /** Sent as multipart/form-data with a file (the hostile string as its name), like POST /attachments. */
  multipart?: boolean;
}

/**
 * An operation's full path: keys name `/api/v1` paths without that prefix (`POST /tickets`) and every other audience
 * (`/api/portal/…`, `/api/widget/…`, `/api/platform/…`, `/hooks/…`) in full.
 */
const fullPath = (template: string) => (/^\/(api|hooks)\//.test(template) ? template : PREFIX + template);

/** Every byte of the text's UTF-8 form percent-encoded (encodeURIComponent throws on a lone surrogate). */
const percentEncode = (value: string) => [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** A body as WeChat's XML: each field a CDATA element (hostile keys and values make malformed XML, as they would). */
const wechatXml = (body: unknown): string =>
  body !== null && typeof body === 'object' && !Array.isArray(body)
    ? buildWechatXml(Object.fromEntries(Object.entries(body).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value) ?? ''])))
    : `<xml>${JSON.stringify(body)}</xml>`;
const signedJson = (secret: string) => (f: Fixtures, request: { payload: string | Buffer | undefined }) => ({ 'x-kefu-signature': signatureHeader(f.secrets[secret]!, f.now(), request.payload ?? '') });

const uniqueEmail = (f: Fixtures) => `fuzz-${f.serial()}@fuzz.test`;
const names = (label: string) => ({ en: label, 'zh-CN': `${label} 中文` });

/** The portal's customer: signed in by the token of an e-mailed link (read from the queued mail), with a password and a ticket. */
const PORTAL_PASSWORD = 'portal-password-42';
const portalVisitor = (f: Fixtures) => ({ 'x-forwarded-for': `198.51.100.${f.serial() % 250}` });
const portalCustomer = (f: Fixtures) => ({ cookie: f.ids.portalCookie! });

async function portalLinkToken(t: TestContext, f: Fixtures, email: string): Promise<string> {
  const asked = await t.app.inject({ method: 'POST', url: `/api/portal/${f.ids.workspaceSlug}/sign-in/link`, payload: { email } });
  expect(asked.statusCode, asked.body).toBe(202);
  const [mail] = await t.kernel.db.query<{ text_body: string }>(`SELECT text_body FROM outbound_messages WHERE workspace_id = $1 AND to_address = $2 ORDER BY created_at DESC, id DESC LIMIT 1`, [f.ws.id, email]);
  return decodeURIComponent(/token=([\w%-]+)/.exec(mail!.text_body)![1]!);
}

async function portalSignIn(t: TestContext, f: Fixtures, email: string): Promise<string> {
  const verified = await t.app.inject({ method: 'POST', url: `/api/portal/${f.ids.workspaceSlug}/sign-in/verify`, payload: { token: await portalLinkToken(t, f, email) } });
  expect(verified.statusCode, verified.body).toBe(200);
  return `kefu_portal=${verified.cookies.find((c) => c.name === 'kefu_portal')!.value}`;
}

/** Before each portal operation: a fresh link token, the customer signed in (once) with a password and a ticket. */
async function preparePortal(f: Fixtures, t: TestContext): Promise<void> {
  f.ids.portalLinkToken = await portalLinkToken(t, f, `portal-link-${f.serial()}@fuzz.test`);
  if (f.ids.portalCookie) return;
  f.ids.portalCookie = await portalSignIn(t, f, 'portal-customer@fuzz.test');
  f.ids.portalSignOutCookie = await portalSignIn(t, f, 'portal-leaver@fuzz.test');
  const customer = { cookie: f.ids.portalCookie };
  expect((await t.app.inject({ method: 'PUT', url: `/api/portal/${f.ids.workspaceSlug}/me/password`, headers: customer, payload: { password: PORTAL_PASSWORD } })).statusCode).toBe(204);
  const ticket = await t.app.inject({ method: 'POST', url: `/api/portal/${f.ids.workspaceSlug}/tickets`, headers: customer, payload: { subject: 'Portal fixture', message: 'First words' } });
  f.ids.portalTicket = ticket.json().id;
}

/** Before the assistant's feedback: a question the bot answered (or not) in the portal, once. */
async function prepareAssistant(f: Fixtures, t: TestContext): Promise<void> {
  if (f.ids.assistantConversation) return;
  const asked = await t.app.inject({ method: 'POST', url: `/api/portal/${f.ids.workspaceSlug}/assistant`, headers: portalVisitor(f), payload: { subject: 'Returns 退货', message: 'How do I return it?' } });
  const answer = asked.json().answer as { conversationId: string; token: string; turnId: string };
  f.ids.assistantConversation = answer.conversationId;
  f.ids.assistantToken = answer.token;
  f.ids.assistantTurn = answer.turnId;
}

/** One entry per write operation of the document; the test fails when an operation has none. */
const OPERATIONS: Record<string, Operation> = {
  'POST /auth/login': { body: (f) => ({ email: f.guest.email, password: f.guest.password }), mayRecordOnFailure: ['audit_log', 'users'] },
  'PATCH /me': { asGuest: true, body: () => ({ name: 'Guest name', locale: 'zh-CN', theme: 'dark', presence: 'online' }) },
  'POST /me/password': { asGuest: true, body: (f) => ({ currentPassword: f.guest.password, newPassword: f.guest.password }) },
  'POST /users': { body: (f) => ({ email: uniqueEmail(f), name: 'Fuzz user', role: 'agent', password: 'long-enough-pw', skills: [{ skill: 'billing', level: 3 }] }) },
  'PATCH /users/{id}': { params: (f) => ({ id: f.ids.user! }), body: () => ({ name: 'Renamed user', skills: [{ skill: 'refunds', level: 2 }], maxLoad: 10 }) },
  'POST /teams': { body: (f) => ({ name: `Fuzz team ${f.serial()}`, kind: 'team', memberIds: [f.ids.user] }) },
  'PATCH /teams/{id}': { params: (f) => ({ id: f.ids.team! }), body: (f) => ({ name: `Team renamed ${f.serial()}` }) },
  'DELETE /teams/{id}': { params: (f) => ({ id: f.ids.spareTeam! }) },
  'POST /api-tokens': { body: () => ({ name: 'Fuzz token', scopes: ['tickets.read'] }) },
  'DELETE /api-tokens/{id}': { params: (f) => ({ id: f.ids.token! }) },
  'PATCH /workspace': { body: () => ({ name: 'Fuzz workspace', timezone: 'Asia/Shanghai', defaultLocale: 'en', ticketPrefix: 'FZ' }) },
  'POST /customers': { body: () => ({ name: 'Fuzz customer', notes: 'line one\nline two', tags: ['vip'], externalRef: 'ext-1' }) },
  'PATCH /customers/{id}': { params: (f) => ({ id: f.ids.customer! }), body: () => ({ name: 'Renamed customer', notes: 'note', tags: ['gold'] }) },
  'POST /organizations': { body: (f) => ({ name: `Fuzz org ${f.serial()}`, domain: null }) },
  'POST /tickets': { body: () => ({ subject: 'Fuzz ticket', description: 'It broke.\nTwice.', customer: { name: 'Fuzz buyer' }, tags: ['fuzz'], customFields: { fuzz_area: 'north' }, nextStep: 'Call back' }) },
  'PATCH /tickets/{id}': { params: (f) => ({ id: f.ids.ticket! }), body: () => ({ subject: 'Renamed ticket', tags: ['fuzz', 'again'], customFields: { fuzz_area: 'south' }, nextStep: 'Wait' }) },
  'POST /tickets/{id}/messages': {
    params: (f) => ({ id: f.ids.ticket! }),
    body: () => ({ kind: 'note', body: 'An internal note.\n\tIndented.', nextStep: 'Escalate', htmlBody: '<p>An internal note.</p>', from: 'ops@fuzz.test', to: ['lead@fuzz.test'] }),
  },
  'POST /tickets/bulk': { body: (f) => ({ tickets: [{ id: f.ids.bulkTicket }], change: { addTags: ['bulk'], removeTags: ['stale'], nextStep: 'Sorted in bulk' } }) },
  'POST /tickets/{id}/merge': { params: (f) => ({ id: f.ids.mergeSource! }), body: (f) => ({ targetId: f.ids.ticket }) },
  'POST /tickets/{id}/links': { params: (f) => ({ id: f.ids.ticket! }), body: (f) => ({ ticketId: f.ids.otherTicket }) },
  'DELETE /tickets/{id}/links': { params: (f) => ({ id: f.ids.ticket! }), body: (f) => ({ ticketId: f.ids.otherTicket }) },
  'DELETE /tickets/{id}/links/{linkedId}': { params: (f) => ({ id: f.ids.ticket!, linkedId: f.ids.otherTicket! }) },
  'POST /attachments': {},
  'POST /ticket-types': { body: (f) => ({ key: `fuzz_${f.serial()}`, names: names('Fuzz type') }) },
  'PATCH /ticket-types/{key}': { params: () => ({ key: 'fuzz_type' }), body: () => ({ names: names('Renamed type'), position: 3 }) },
  'POST /custom-fields': { body: (f) => ({ key: `field_${f.serial()}`, labels: names('Fuzz field'), type: 'select', options: [{ value: 'a', labels: names('Option') }] }) },
  'PATCH /custom-fields/{id}': { params: (f) => ({ id: f.ids.field! }), body: () => ({ labels: names('Renamed field') }) },
  'DELETE /custom-fields/{id}': { params: (f) => ({ id: f.ids.spareField! }) },
  'POST /views': { body: () => ({ name: 'Fuzz view', filters: { status: ['open'], tag: ['fuzz'], q: 'refund' } }) },
  'DELETE /views/{id}': { params: (f) => ({ id: f.ids.view! }) },
  'POST /business-calendars': { body: (f) => ({ name: `Fuzz hours ${f.serial()}`, timezone: 'Asia/Shanghai', weekly: { mon: [{ start: '09:00', end: '18:00' }] }, holidays: [{ date: '2026-10-01', name: '国庆节' }] }) },
  'PATCH /business-calendars/{id}': { params: (f) => ({ id: f.ids.calendar! }), body: () => ({ name: 'Renamed hours', holidays: [{ date: '2026-10-02', name: 'Holiday' }] }) },
  'DELETE /business-calendars/{id}': { params: (f) => ({ id: f.ids.spareCalendar! }) },
  'PUT /teams/{id}/calendar': { params: (f) => ({ id: f.ids.team! }), body: (f) => ({ calendarId: f.ids.calendar }) },
  'POST /sla-policies': { body: () => ({ name: 'Fuzz policy', description: 'For fuzzing', conditions: { customerTags: ['vip'] }, targets: [{ metric: 'first_response', minutes: 60 }], escalation: [{ trigger: 'breached', action: 'create_task', note: 'Call them' }] }) },
  'PUT /sla-policies/order': {
    prepare: async (f, t) => {
      f.policyOrder = ((await t.request(f.ws.admin, 'GET', `${PREFIX}/sla-policies`)).json().items as { id: string }[]).map((policy) => policy.id).reverse();
    },
    body: (f) => ({ ids: f.policyOrder }),
  },
  'PATCH /sla-policies/{id}': { params: (f) => ({ id: f.ids.policy! }), body: () => ({ name: 'Renamed policy', description: 'Changed' }) },
  'DELETE /sla-policies/{id}': { params: (f) => ({ id: f.ids.sparePolicy! }) },
  'POST /sla-tasks/{id}/complete': { params: (f) => ({ id: f.ids.task! }) },
  // The single retries come before retry-all, which requeues whatever they left.
  'POST /operations/dead-letters/deliveries/retry': { body: (f) => ({ eventId: f.dead.eventId, subscriber: PROBE_SUBSCRIBER }) },
  'POST /operations/dead-letters/timers/retry': { body: (f) => ({ key: f.dead.timerKey }) },
  'POST /operations/dead-letters/retry-all': {},
  'POST /mailboxes': { body: (f) => ({ address: `desk-${f.serial()}@fuzz-mail.test`, displayName: 'Fuzz desk 客服' }) },
  'PATCH /mailboxes/{id}': { params: (f) => ({ id: f.ids.mailbox! }), body: () => ({ displayName: 'Renamed desk', isActive: true }) },
  'DELETE /mailboxes/{id}': { params: (f) => ({ id: f.ids.spareMailbox! }) },
  'PATCH /email-settings': { body: () => ({ relayUrl: 'smtp://desk:secret@relay.fuzz-mail.test:587', fromName: 'Fuzz 客服' }) },
  // Paused accounts: an active one is polled in the background, whose recorded connection error would change the data.
  'POST /imap-accounts': { body: (f) => ({ mailboxId: f.ids.mailbox, host: '127.0.0.1', port: 1, secure: false, username: 'fuzz@fuzz-mail.test', password: 'fuzz-pass', folder: 'INBOX', isActive: false }) },
  'PUT /imap-accounts/{id}': { params: (f) => ({ id: f.ids.imapAccount! }), body: (f) => ({ mailboxId: f.ids.mailbox, host: '127.0.0.1', port: 1, secure: true, username: 'fuzz2@fuzz-mail.test', folder: 'Support', isActive: false }) },
  'DELETE /imap-accounts/{id}': { params: (f) => ({ id: f.ids.spareImapAccount! }) },
  // Port 1 on the loopback refuses at once: the check answers without waiting on a network.
  'POST /imap-accounts/test': { body: () => ({ host: '127.0.0.1', port: 1, secure: false, username: 'fuzz@fuzz-mail.test', password: 'fuzz-pass' }) },
  'PATCH /customer-notice-settings': { body: () => ({ acknowledgeNew: true, notifySolved: false, smsNotices: true }) },
  'POST /tickets/{id}/progress-updates': { params: (f) => ({ id: f.ids.noticeTicket! }), body: () => ({ message: '工程师明天上门。 The engineer comes tomorrow.' }) },
  'PUT /sms-gateway': { body: () => ({ url: 'https://sms.fuzz.test/send', apiKey: 'fuzz-gateway-key', sender: 'Fuzz' }) },
  'DELETE /sms-gateway': {},
  'POST /wechat-accounts': { body: (f) => ({ name: `Fuzz 公众号 ${f.serial()}`, appId: `wx${String(f.serial()).padStart(8, '0')}`, appSecret: 'fuzzSecret0123456789', token: 'fuzzToken1', encodingAesKey: null }) },
  'PATCH /wechat-accounts/{id}': { params: (f) => ({ id: f.ids.wechatAccount! }), body: () => ({ name: 'Renamed 公众号', isActive: true }) },
  'DELETE /wechat-accounts/{id}': { params: (f) => ({ id: f.ids.spareWechatAccount! }) },
  'POST /hook-connections': { body: (f) => ({ kind: 'webhook', name: `Fuzz bridge ${f.serial()}`, replyUrl: 'https://bridge.fuzz.test/replies' }) },
  'PATCH /hook-connections/{id}': { params: (f) => ({ id: f.ids.hookConnection! }), body: () => ({ name: 'Renamed bridge', replyUrl: 'https://bridge.fuzz.test/v2', isActive: true }) },
  'POST /hook-connections/{id}/rotate-secret': { params: (f) => ({ id: f.ids.rotatedConnection! }) },
  'DELETE /hook-connections/{id}': { params: (f) => ({ id: f.ids.spareHookConnection! }) },
  'POST /calls': { body: () => ({ direction: 'inbound', caller: '139-1234-5678', callee: '400-800-1234', startedAt: '2026-03-02T01:00:00Z', endedAt: '2026-03-02T01:03:00Z', outcome: 'answered', note: 'Asked about a refund.\n退款' }) },
  'POST /hooks/wechat/{id}': {
    params: (f) => ({ id: f.ids.wechatAccount! }),
    body: (f) => ({ ToUserName: 'gh_fuzz', FromUserName: 'o_fuzz_follower', CreateTime: '1772413200', MsgType: 'text', Content: '你好 fuzz 😀', MsgId: `fuzz-${f.serial()}` }),
    anonymous: true,
    encode: wechatXml,
    query: (f) => signedQuery(f.secrets.wechatToken!, f.now()),
  },
  'POST /hooks/webhook/{id}': {
    params: (f) => ({ id: f.ids.hookConnection! }),
    body: (f) => ({ id: `fuzz-${f.serial()}`, conversationId: 'fuzz-conv', sender: { id: 'fuzz-user', name: 'Fuzz 用户', email: 'fuzz-user@fuzz.test' }, text: 'Hello from a bridge\n你好', subject: 'Bridge' }),
    anonymous: true,
    headers: signedJson('hookConnection'),
  },
  'POST /hooks/phone/{id}': {
    params: (f) => ({ id: f.ids.phoneConnection! }),
    body: (f) => ({ externalId: `fuzz-call-${f.serial()}`, direction: 'outbound', caller: '400-800-1234', callee: '13800138000', startedAt: '2026-03-02T01:00:00Z', outcome: 'missed' }),
    anonymous: true,
    headers: signedJson('phoneConnection'),
  },
  // The outbound queue (channels): templates in both languages, and a failed message sent again.
  'PUT /outbound-templates/{name}/{locale}': { params: () => ({ name: 'ticket.solved', locale: 'zh-CN' }), body: () => ({ subject: '工单 {{ticketNumber}} 已解决', body: '您好 {{customerName}}：\n评分 {{surveyUrl}}', html: '<p>{{customerName}}</p>', sms: '评分 {{surveyUrl}}' }) },
  'DELETE /outbound-templates/{name}/{locale}': { params: () => ({ name: 'ticket.solved', locale: 'zh-CN' }) },
  'POST /outbound-templates/{name}/preview': { params: () => ({ name: 'ticket.progress' }), body: () => ({ locale: 'en', draft: { subject: 'Update {{ticketNumber}}', body: 'News: {{message}}' } }) },
  'POST /outbound-messages/{id}/retry': { params: (f) => ({ id: f.ids.failedOutbound! }) },
  'POST /notifications/{id}/read': { params: (f) => ({ id: f.ids.notification! }) },
  'POST /notifications/read-all': {},
  // kb
  'POST /kb/categories': { body: (f) => ({ nameEn: `Fuzz category ${f.serial()}`, nameZh: '模糊分类', position: 5 }) },
  'PATCH /kb/categories/{id}': { params: (f) => ({ id: f.ids.kbCategory! }), body: () => ({ nameEn: 'Renamed category', nameZh: '改名分类' }) },
  'DELETE /kb/categories/{id}': { params: (f) => ({ id: f.ids.kbSpareCategory! }) },
  'POST /kb/articles': { body: (f) => ({ categoryId: f.ids.kbCategory, title: 'Fuzz article 模糊', summary: 'Line one\nline two', bodyHtml: '<p>Body <b>text</b></p>', tags: ['fuzz'], visibility: 'internal', locale: 'en', note: 'first' }) },
  'PATCH /kb/articles/{id}': { params: (f) => ({ id: f.ids.kbDraft! }), body: () => ({ title: 'Renamed article', summary: 'Changed', bodyHtml: '<p>New body</p>', tags: ['again'], note: 'edit' }) },
  'POST /kb/articles/{id}/submit': { params: (f) => ({ id: f.ids.kbToSubmit! }), body: () => ({ note: 'Please review' }) },
  'POST /kb/articles/{id}/approve': { params: (f) => ({ id: f.ids.kbToApprove! }), body: () => ({ note: 'Looks right', reviewBy: '2027-01-31' }) },
  'POST /kb/articles/{id}/reject': { params: (f) => ({ id: f.ids.kbToReject! }), body: () => ({ note: 'Needs a source' }) },
  'POST /kb/articles/{id}/archive': { params: (f) => ({ id: f.ids.kbToArchive! }), body: () => ({ note: 'Outdated' }) },
  'POST /kb/articles/{id}/restore': { params: (f) => ({ id: f.ids.kbToRestore! }), body: () => ({ note: 'Back' }) },
  'POST /kb/articles/{id}/attachments': { params: (f) => ({ id: f.ids.kbDraft! }), multipart: true },
  'DELETE /kb/articles/{id}/attachments/{attachmentId}': { params: (f) => ({ id: f.ids.kbDraft!, attachmentId: f.ids.kbAttachment! }) },
  'POST /kb/articles/{id}/insert': { params: (f) => ({ id: f.ids.kbLive! }), body: (f) => ({ ticketId: f.ids.ticket }) },
  'POST /kb/cases': { body: () => ({ title: 'Fuzz case', problem: 'It broke.\nTwice.', cause: 'Wear', resolution: 'Replaced', compensation: 'Coupon', tags: ['fuzz'], locale: 'en' }) },
  'PUT /kb/cases/{id}': { params: (f) => ({ id: f.ids.kbCase! }), body: () => ({ title: 'Rewritten case', problem: 'p', resolution: 'r' }) },
  'DELETE /kb/cases/{id}': { params: (f) => ({ id: f.ids.kbSpareCase! }) },
  'POST /api/help/{workspace}/articles/{id}/feedback': { params: (f) => ({ workspace: f.ids.workspaceSlug!, id: f.ids.kbLive! }), body: () => ({ helpful: true, comment: 'Clear, thanks' }) },
  // bot
  'PATCH /bot/settings': { body: () => ({ answerThreshold: 0.7, suggestThreshold: 0.2, greetingEn: 'Hello', greetingZh: '您好', handoffWords: ['店长'], providerUrl: '', providerKey: '', useDrafts: false }) },
  'POST /bot/intents': { body: (f) => ({ name: `Fuzz intent ${f.serial()}`, examples: ['where is my order', '我的订单到哪了'], action: 'reply', replyEn: 'Soon', replyZh: '很快' }) },
  'PUT /bot/intents/{id}': { params: (f) => ({ id: f.ids.botIntent! }), body: () => ({ name: 'Renamed intent', examples: ['hours'], action: 'lookup', lookup: { url: 'http://127.0.0.1:9/orders/{order}', answerEn: 'Order {order}: {status}', answerZh: '订单 {order}：{status}' } }) },
  'DELETE /bot/intents/{id}': { params: (f) => ({ id: f.ids.botSpareIntent! }) },
  'POST /bot/try': { body: () => ({ text: 'where is my order', locale: 'en' }) },
  'POST /bot/corrections': { body: (f) => ({ ticketId: f.ids.botTicket, articleId: f.ids.kbLive }) },
  'POST /bot/triage/train': {},
  'POST /api/widget/bot/{workspace}/conversations': { params: (f) => ({ workspace: f.ids.workspaceSlug! }), body: () => ({ locale: 'en', name: 'Visitor 访客', email: 'visitor@fuzz.test', channel: 'widget' }) },
  'POST /api/widget/bot/{workspace}/conversations/{id}/messages': { params: (f) => ({ workspace: f.ids.workspaceSlug!, id: f.ids.botConversation! }), body: (f) => ({ token: f.ids.botToken, text: 'human please' }) },
  'POST /api/widget/bot/{workspace}/conversations/{id}/turns/{turnId}/feedback': { params: (f) => ({ workspace: f.ids.workspaceSlug!, id: f.ids.botConversation!, turnId: f.ids.botTurn! }), body: (f) => ({ token: f.ids.botToken, helpful: true }) },
  'POST /api/platform/v1/workspaces': {
    anonymous: true,
    headers: () => ({ authorization: `Bearer ${PLATFORM_TOKEN}` }),
    body: (f) => ({ name: 'Fuzz tenant 租户', slug: `fuzz-tenant-${f.serial()}`, timezone: 'Asia/Shanghai', admin: { email: `tenant-${f.serial()}@fuzz.test`, name: 'Tenant admin', password: 'long-enough-pw' } }),
  },
  // Collaboration: sub-tasks and departments' targets.
  'POST /tickets/{id}/subtasks': { params: (f) => ({ id: f.ids.ticket! }), body: (f) => ({ departmentId: f.ids.department, title: 'Trace the parcel', description: 'Scan history\n\tplease', dueAt: '2099-01-01T00:00:00Z', notifyCustomer: true }) },
  'PATCH /subtasks/{id}': { params: (f) => ({ id: f.ids.subtask! }), body: () => ({ title: 'Trace it again', description: 'Second look', status: 'in_progress' }) },
  'POST /subtasks/{id}/complete': { params: (f) => ({ id: f.ids.completeSubtask! }), body: () => ({ resolution: 'Found at the depot.\nRedelivered.' }) },
  'POST /subtasks/{id}/cancel': { params: (f) => ({ id: f.ids.cancelSubtask! }), body: () => ({ reason: 'Asked twice' }) },
  'PUT /subtask-targets/{departmentId}': { params: (f) => ({ departmentId: f.ids.department! }), body: () => ({ minutes: 240, businessTime: true, warnPercent: 75 }) },
  'DELETE /subtask-targets/{departmentId}': { params: (f) => ({ departmentId: f.ids.department! }) },
  'PUT /routing/teams/{teamId}': {
    params: (f) => ({ teamId: f.ids.team! }),
    body: () => ({ strategy: 'skills', skillRules: [{ field: 'tag', value: 'vip 贵宾', skill: 'vip', minLevel: 3 }], reminderMinutes: 15 }),
  },
  'PUT /routing/agents/{userId}': { params: (f) => ({ userId: f.ids.user! }), body: () => ({ ticketCapacity: 12, chatCapacity: 4 }) },
  'POST /tickets/{id}/transfer': { params: (f) => ({ id: f.ids.ticket! }), body: (f) => ({ teamId: f.ids.team, reason: 'Needs the fuzz team\n请转交' }) },
  // Customer portal and web form: the customer's own cookie, counters that count refused attempts too.
  'POST /api/portal/{workspace}/sign-in/link': { anonymous: true, params: (f) => ({ workspace: f.ids.workspaceSlug! }), body: (f) => ({ email: `portal-${f.serial()}@fuzz.test` }), headers: portalVisitor, mayRecordOnFailure: ['portal_rate_counters'] },
  'POST /api/portal/{workspace}/sign-in/verify': { anonymous: true, prepare: preparePortal, params: (f) => ({ workspace: f.ids.workspaceSlug! }), body: (f) => ({ token: f.ids.portalLinkToken }) },
  'POST /api/portal/{workspace}/sign-in/password': { anonymous: true, prepare: preparePortal, params: (f) => ({ workspace: f.ids.workspaceSlug! }), body: () => ({ email: 'portal-customer@fuzz.test', password: PORTAL_PASSWORD }), headers: portalVisitor, mayRecordOnFailure: ['portal_rate_counters'] },
  'PUT /api/portal/{workspace}/me/password': { anonymous: true, prepare: preparePortal, params: (f) => ({ workspace: f.ids.workspaceSlug! }), body: () => ({ password: PORTAL_PASSWORD }), headers: portalCustomer },
  'POST /api/portal/{workspace}/tickets': { anonymous: true, prepare: preparePortal, params: (f) => ({ workspace: f.ids.workspaceSlug! }), body: () => ({ subject: 'Portal question 门户问题', message: 'Where is it?\n\tThanks' }), headers: portalCustomer },
  'POST /api/portal/{workspace}/tickets/{id}/messages': { anonymous: true, prepare: preparePortal, params: (f) => ({ workspace: f.ids.workspaceSlug!, id: f.ids.portalTicket! }), body: () => ({ body: 'Any news?\n谢谢' }), headers: portalCustomer },
  'POST /api/portal/{workspace}/attachments': { anonymous: true, multipart: true, prepare: preparePortal, params: (f) => ({ workspace: f.ids.workspaceSlug! }), headers: portalCustomer },
  'POST /api/portal/{workspace}/web-form': {
    anonymous: true,
    prepare: async (f, t) => {
      f.ids.portalFormToken = (await t.app.inject({ method: 'GET', url: `/api/portal/${f.ids.workspaceSlug}/web-form` })).json().formToken;
      t.clock.advanceMs(5_000);
    },
    params: (f) => ({ workspace: f.ids.workspaceSlug! }),
    body: (f) => ({ name: 'Web visitor 访客', email: `form-${f.serial()}@fuzz.test`, subject: 'Web form 表单', message: 'Hello\n\tthere', website: '', formToken: f.ids.portalFormToken }),
    headers: portalVisitor,
    mayRecordOnFailure: ['portal_rate_counters'],
  },
  'POST /api/portal/{workspace}/assistant': { anonymous: true, params: (f) => ({ workspace: f.ids.workspaceSlug! }), body: () => ({ subject: 'Returns 退货', message: 'How do I\n\treturn it?' }), headers: portalVisitor, mayRecordOnFailure: ['portal_rate_counters'] },
  'POST /api/portal/{workspace}/assistant/{conversationId}/feedback': {
    anonymous: true,
    prepare: prepareAssistant,
    params: (f) => ({ workspace: f.ids.workspaceSlug!, conversationId: f.ids.assistantConversation! }),
    body: (f) => ({ token: f.ids.assistantToken, turnId: f.ids.assistantTurn, helpful: true }),
  },
  'POST /api/portal/{workspace}/sign-out': { anonymous: true, prepare: preparePortal, params: (f) => ({ workspace: f.ids.workspaceSlug! }), headers: (f) => ({ cookie: f.ids.portalSignOutCookie! }) },
  // Automation: rules, the dry run, macros.
  'POST /automation/rules': {
    body: (f) => ({
      name: 'Tag refunds 退款',
      trigger: { kind: 'event', event: 'ticket.created' },
      conditions: { match: 'all', conditions: [{ field: 'ticket.subject', op: 'contains', value: 'refund 退款' }] },
      actions: [{ type: 'add_tags', tags: ['refund'] }, { type: 'add_note', body: 'Check the order\n\tfirst' }, { type: 'assign_team', teamId: f.ids.team }],
      isEnabled: false,
    }),
  },
  'PATCH /automation/rules/{id}': { params: (f) => ({ id: f.ids.rule! }), body: () => ({ name: 'Renamed rule', conditions: { match: 'any', conditions: [{ field: 'ticket.custom.fuzz_area', op: 'is', value: 'north' }] } }) },
  'DELETE /automation/rules/{id}': { params: (f) => ({ id: f.ids.spareRule! }) },
  'PUT /automation/rules/order': {
    prepare: async (f, t) => {
      f.ruleOrder = ((await t.request(f.ws.admin, 'GET', `${PREFIX}/automation/rules`)).json().items as { id: string }[]).map((rule) => rule.id).reverse();
    },
    body: (f) => ({ ruleIds: f.ruleOrder }),
  },
  'POST /automation/rules/{id}/versions/{version}/restore': { params: (f) => ({ id: f.ids.rule!, version: '1' }) },
  'POST /automation/dry-run': {
    body: () => ({ rule: { trigger: { kind: 'event', event: 'ticket.created' }, conditions: { match: 'all', conditions: [{ field: 'ticket.subject', op: 'contains', value: 'Fixture' }] }, actions: [{ type: 'set_field', field: 'priority', value: 'P1' }] }, from: '2000-01-01T00:00:00Z', to: '2000-03-01T00:00:00Z' }),
  },
  'POST /automation/macros': { body: () => ({ name: 'Ask for photos 照片', actions: [{ type: 'add_reply', body: 'Please send photos.\n请发照片。' }], isShared: true }) },
  'PATCH /automation/macros/{id}': { params: (f) => ({ id: f.ids.macro! }), body: () => ({ name: 'Renamed macro', actions: [{ type: 'add_tags', tags: ['photos'] }] }) },
  'DELETE /automation/macros/{id}': { params: (f) => ({ id: f.ids.spareMacro! }) },
  'POST /tickets/{id}/macros/{macroId}/preview': { params: (f) => ({ id: f.ids.ticket!, macroId: f.ids.macro! }) },
  'POST /tickets/{id}/macros/{macroId}/apply': { params: (f) => ({ id: f.ids.ticket!, macroId: f.ids.macro! }) },
  // complaints and surveys: each stateful step gets a fresh fixture first (its base request must succeed once)
  'POST /complaints': { prepare: async (f, t) => void (f.ids.complaintTicket = await complaintTicket(t, f)), body: (f) => ({ ticketId: f.ids.complaintTicket, severity: 'major', rootCause: 'logistics', summary: 'Parcel crushed.\nTwice.', orderNo: 'SO-1', contact: '138 0000 0000', amountInvolvedMinor: 1999, currency: 'CNY' }) },
  'POST /complaints/{id}/record': { prepare: complaintAt('received'), params: (f) => ({ id: f.ids.complaint! }), body: () => ({ occurredAt: '2026-01-01T08:00:00Z', orderNo: 'SO-2', contact: 'call after 6', amountInvolvedMinor: 100 }) },
  'POST /complaints/{id}/confirm': { prepare: complaintAt('recorded'), params: (f) => ({ id: f.ids.complaint! }), body: () => ({}) },
  'POST /complaints/{id}/respond': { prepare: complaintAt('confirmed'), params: (f) => ({ id: f.ids.complaint! }), body: () => ({}) },
  'POST /complaints/{id}/compensations': { prepare: complaintAt('responded'), params: (f) => ({ id: f.ids.complaint! }), body: (f) => ({ type: 'refund', amountMinor: 50000, currency: 'CNY', description: 'Full refund\nto the card', executorDepartmentId: f.ids.department }) },
  'POST /complaints/{id}/reopen': { prepare: complaintAt('closed'), params: (f) => ({ id: f.ids.complaint! }), body: () => ({ summary: 'Broken again.\nSame order.' }) },
  'POST /compensations/{id}/approve': { prepare: compensationAt('pending_approval'), params: (f) => ({ id: f.ids.compensation! }), body: () => ({}) },
  'POST /compensations/{id}/reject': { prepare: compensationAt('pending_approval'), params: (f) => ({ id: f.ids.compensation! }), body: () => ({ reason: 'Over budget.\nOffer a coupon.' }) },
  'POST /compensations/{id}/execute': { prepare: compensationAt('approved'), params: (f) => ({ id: f.ids.compensation! }), body: () => ({}) },
  'PATCH /follow-ups/{id}': { prepare: followUpFixture, params: (f) => ({ id: f.ids.followUp! }), body: (f) => ({ assigneeId: f.ws.admin.id, dueAt: '2099-01-01T00:00:00Z' }) },
  'POST /follow-ups/{id}/attempts': { prepare: followUpFixture, params: (f) => ({ id: f.ids.followUp! }), body: () => ({ note: 'No answer.\nVoicemail.' }) },
  'POST /follow-ups/{id}/complete': { prepare: followUpFixture, params: (f) => ({ id: f.ids.followUp! }), body: () => ({ satisfied: true, outcome: 'Happy now.\n满意' }) },
  'PUT /complaint-settings': { body: () => ({ approvalThresholdMinor: 20000, currency: 'CNY', followUpMaxAttempts: 3, complaintTeamId: null }) },
  'POST /survey-templates': { body: () => ({ name: 'Fuzz template', kind: 'nps', questions: [{ id: 'why', type: 'text', label: { en: 'Why?', 'zh-CN': '为什么？' } }] }) },
  'POST /survey-campaigns': { body: () => ({ name: 'Fuzz NPS', segmentTag: 'vip', samplePercent: 50, windowDays: 90, everyMonths: 3, startAt: '2099-01-01T00:00:00Z' }) },
  'POST /survey-campaigns/{id}/run': {
    prepare: async (f, t) => void (f.ids.campaign ??= (await t.kernel.services.surveys.createCampaign(f.ws.admin.actor, { name: 'Fixture NPS', segmentTag: 'nobody', samplePercent: 100, windowDays: 90 })).id),
    params: (f) => ({ id: f.ids.campaign! }),
    body: () => ({}),
  },
  'PUT /survey-templates/{id}': {
    prepare: async (f, t) =>
      void (f.ids.surveyTemplate ??= (await t.kernel.services.surveys.createTemplate(f.ws.admin.actor, { name: 'Fixture template', kind: 'nps', questions: [] })).id),
    params: (f) => ({ id: f.ids.surveyTemplate! }),
    body: () => ({ name: 'Renamed\n模板', questions: [{ id: 'why', type: 'text', label: { en: 'Why?', 'zh-CN': '为什么？' } }] }),
  },
  'PUT /survey-settings': { body: () => ({ csatEnabled: true, reminderHours: 48 }) },
  'POST /api/surveys/{token}/answer': { anonymous: true, prepare: surveyFixture, params: (f) => ({ token: f.ids.surveyToken! }), body: () => ({ score: 4, comment: 'Quick and kind.\n很好' }) },
  'POST /api/surveys/{token}/opt-out': { anonymous: true, prepare: surveyFixture, params: (f) => ({ token: f.ids.surveyToken! }), body: () => ({}) },
  // Live chat: the console's actions, each on a chat of its own, and the widget's upload.
  'POST /chat/conversations/{id}/accept': { prepare: (f, t) => startChats(f, t, ['chatQueued'], false), params: (f) => ({ id: f.ids.chatQueued! }) },
  'POST /chat/conversations/{id}/transfer': { prepare: (f, t) => startChats(f, t, ['chatToTransfer'], true), params: (f) => ({ id: f.ids.chatToTransfer! }), body: (f) => ({ agentId: f.ids.user }) },
  'POST /chat/conversations/{id}/end': { prepare: (f, t) => startChats(f, t, ['chatToEnd'], true), params: (f) => ({ id: f.ids.chatToEnd! }) },
  'POST /chat/conversations/{id}/messages': { prepare: (f, t) => startChats(f, t, ['chatActive'], true), params: (f) => ({ id: f.ids.chatActive! }), body: (f) => ({ clientId: `fuzz-${f.serial()}`, text: 'Hello 你好\nsecond line' }) },
  'POST /chat/conversations/{id}/read': { prepare: (f, t) => startChats(f, t, ['chatToRead'], true), params: (f) => ({ id: f.ids.chatToRead! }), body: () => ({ seq: 0 }) },
  'PUT /chat/presence': { body: () => ({ status: 'online' }) },
  'POST /chat/canned-replies': { body: () => ({ title: 'Greeting 问候', body: 'Hello!\nHow can I help?' }) },
  'DELETE /chat/canned-replies/{id}': {
    prepare: async (f, t) => {
      f.ids.cannedReply = (await t.kernel.services.chat.createCannedReply(f.ws.admin.actor, { title: 'Spare reply', body: 'Spare' })).id;
    },
    params: (f) => ({ id: f.ids.cannedReply! }),
  },
  'PATCH /chat/settings': { body: () => ({ botFirst: false, defaultCapacity: 50, calendarId: null }) },
  'POST /api/widget/chat/{workspace}/conversations/{id}/attachments': {
    anonymous: true,
    multipart: true,
    prepare: (f, t) => startChats(f, t, ['chatUpload'], false),
    params: (f) => ({ workspace: f.ids.workspaceSlug!, id: f.ids.chatUpload! }),
    query: (f) => `token=${f.ids.chatUploadToken!}`,
  },
  'POST /auth/logout': { asGuest: true },
  'POST /auth/logout-everywhere': { asGuest: true },
};

/** A fresh ticket of the fixture customer, for a complaint. */
async function complaintTicket(t: TestContext, f: Fixtures): Promise<string> {
  return (await t.kernel.services.tickets.createTicket(f.ws.admin.actor, { subject: `Complaint ${f.serial()}`, customer: { id: f.ids.customer! } })).id;
}

const LOOP = ['received', 'recorded', 'confirmed', 'responded'] as const;

/** A fresh complaint walked up to a status of its loop (closed: through an apology and a satisfied visit). */
function complaintAt(status: (typeof LOOP)[number] | 'closed') {
  return async (f: Fixtures, t: TestContext) => {
    const complaints = t.kernel.services.complaints;
    const actor = f.ws.admin.actor;
    const complaint = await complaints.createComplaint(actor, { ticketId: await complaintTicket(t, f), severity: 'minor', rootCause: 'service_quality', summary: 'Rude answer' });
    f.ids.complaint = complaint.id;
    const target = status === 'closed' ? LOOP.length : LOOP.indexOf(status);
    if (target >= 1) await complaints.recordDetails(actor, complaint.id, { occurredAt: new Date('2026-01-01T00:00:00Z'), contact: 'phone' });
    if (target >= 2) await complaints.confirmWithCustomer(actor, complaint.id);
    if (target >= 3) await complaints.respond(actor, complaint.id);
    if (status !== 'closed') return;
    const apology = await complaints.propose(actor, complaint.id, { type: 'apology', amountMinor: 0 });
    await complaints.markExecuted(actor, apology.id);
    const [visit] = await complaints.listFollowUps(actor, { complaintId: complaint.id });
    await complaints.completeFollowUp(actor, visit!.id, { satisfied: true, outcome: 'ok' });
  };
}

/** A compensation waiting for approval (over the threshold) or approved (under it). */
function compensationAt(status: 'pending_approval' | 'approved') {
  return async (f: Fixtures, t: TestContext) => {
    await complaintAt('responded')(f, t);
    const record = await t.kernel.services.complaints.propose(f.ws.admin.actor, f.ids.complaint!, { type: 'coupon', amountMinor: status === 'approved' ? 500 : 90000 });
    f.ids.compensation = record.id;
  };
}

/** An open follow-up visit (of a complaint whose compensation was carried out). */
async function followUpFixture(f: Fixtures, t: TestContext): Promise<void> {
  await compensationAt('approved')(f, t);
  await t.kernel.services.complaints.markExecuted(f.ws.admin.actor, f.ids.compensation!);
  const [visit] = await t.kernel.services.complaints.listFollowUps(f.ws.admin.actor, { complaintId: f.ids.complaint! });
  f.ids.followUp = visit!.id;
}

/** A fresh CSAT survey link (its token) on a new ticket. */
async function surveyFixture(f: Fixtures, t: TestContext): Promise<void> {
  const ticket = await t.kernel.services.tickets.createTicket(f.ws.admin.actor, { subject: `Survey ${f.serial()}`, customer: { id: f.ids.customer! } });
  const link = await t.kernel.db.transaction((tx) =>
    t.kernel.services.surveys.csatLinkFor(tx, f.ws.id, { ticketId: ticket.id, number: ticket.number, subject: ticket.subject, channel: 'email', customerId: ticket.customerId, assigneeId: null, teamId: null }),
  );
  f.ids.surveyToken = link.slice(link.lastIndexOf('/') + 1);
}

/** Chats of the fuzz workspace with the administrator online (and holding them, when accepted); ids and tokens kept by name. */
async function startChats(f: Fixtures, t: TestContext, names: string[], accept: boolean): Promise<void> {
  const chat = t.kernel.services.chat;
  await chat.updateSettings(f.ws.admin.actor, { defaultCapacity: 50 });
  await chat.setPresence(f.ws.admin.actor, 'online');
  for (const name of names) {
    const { conversation, token } = await chat.startConversation(f.ws.id, { name: 'Fuzz visitor 访客', email: `visitor-${f.serial()}@fuzz.test`, locale: 'en' });
    f.ids[name] = conversation.id;
    f.ids[`${name}Token`] = token;
    if (accept) await chat.acceptConversation(f.ws.admin.actor, conversation.id);
  }
}

/** Knowledge-base fixtures: categories, an article in each workflow state, a file, cases, the help center's slug. */
async function makeKbFixtures(t: TestContext, ws: TestWorkspace, ids: Record<string, string>): Promise<void> {
  const kb = t.kernel.services.kb;
  const actor = ws.admin.actor;
  const reviewer = await ws.addUser('supervisor');
  ids.workspaceSlug = (await t.kernel.services.workspaces.getWorkspace(ws.id)).slug;
  ids.kbCategory = (await kb.createCategory(actor, { nameEn: 'Fixture category', nameZh: '固定分类' })).id;
  ids.kbSpareCategory = (await kb.createCategory(actor, { nameEn: 'Spare category', nameZh: '备用分类' })).id;
  const draft = (title: string) => kb.createArticle(actor, { categoryId: ids.kbCategory!, title, bodyHtml: `<p>${title}</p>`, locale: 'en' });
  ids.kbDraft = (await draft('Fixture draft')).id;
  ids.kbToSubmit = (await draft('To submit')).id;
  for (const name of ['kbToApprove', 'kbToReject', 'kbToArchive', 'kbToRestore', 'kbLive']) {
    const id = (await draft(name)).id;
    ids[name] = id;
    await kb.moveArticle(actor, id, 'submit');
    if (name === 'kbToApprove' || name === 'kbToReject') continue;
    await kb.moveArticle(reviewer.actor, id, 'approve');
    if (name === 'kbToRestore') await kb.moveArticle(actor, id, 'archive');
  }
  ids.kbAttachment = (await kb.uploadArticleAttachment(actor, ids.kbDraft, { filename: 'fixture.txt', data: Buffer.from('fixture') })).id;
  const bot = t.kernel.services.bot;
  ids.botIntent = (await bot.saveIntent(actor, undefined, { name: 'Fixture intent', examples: ['opening hours'], action: 'reply', replyEn: '9 to 6' })).id;
  ids.botSpareIntent = (await bot.saveIntent(actor, undefined, { name: 'Spare intent', examples: ['spare'], action: 'handoff' })).id;
  const chat = await bot.startConversation(ids.workspaceSlug, { locale: 'en' });
  ids.botConversation = chat.id;
  ids.botToken = chat.token;
  const turn = await bot.sendMessage(ids.workspaceSlug, chat.id, { token: chat.token, text: 'talk to a human' });
  ids.botTurn = turn.id;
  ids.botTicket = (await t.kernel.services.tickets.getTicketByNumber(actor, turn.ticketNumber!)).id;
  ids.kbCase = (await kb.createCase(actor, { title: 'Fixture case', problem: 'p', resolution: 'r' })).id;
  ids.kbSpareCase = (await kb.createCase(actor, { title: 'Spare case', problem: 'p', resolution: 'r' })).id;
}

/**
 * Which tables hold the workspace's data: every table keyed by workspace (sessions change on every request), each
 * as its row count and an order-free sum of row hashes: sorting every row on every request made the test slow.
 */
async function fingerprintQuery(t: TestContext): Promise<string> {
  const tables = await t.kernel.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'workspace_id' AND table_name <> 'sessions' ORDER BY table_name`,
  );
  return tables.map(({ table_name: name }) => `SELECT '${name}' AS name, count(*)::int AS rows, coalesce(sum(hashtext(x::text)::bigint), 0)::text AS hash FROM ${name} x WHERE workspace_id = $1`).join(' UNION ALL ');
}

describe('hostile input against every write endpoint', () => {
  let t: TestContext;
  let f: Fixtures;
  let doc: { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>; components?: { schemas?: Record<string, JsonSchema> } };
  let fingerprintSql: string;
  const tally = { requests: 0, byStatus: new Map<number, number>(), readBacks: 0 };

  beforeAll(async () => {
    t = await createTestContext({ env: { KEFU_PLATFORM_TOKEN: PLATFORM_TOKEN } });
    const ws = await t.createWorkspace();
    const guest = await ws.addUser('agent');
    let counter = 0;
    f = { ws, guest, ids: {}, policyOrder: [], ruleOrder: [], dead: { eventId: 0, timerKey: '' }, secrets: {}, now: () => t.clock.now(), serial: () => ++counter };
    const create = async (url: string, body: unknown): Promise<string> => {
      const response = await t.request(ws.admin, 'POST', `${PREFIX}${url}`, body);
      if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      return (response.json() as { id: string; apiToken?: { id: string } }).apiToken?.id ?? response.json().id;
    };
    f.ids.user = await create('/users', { email: 'target@fuzz.test', name: 'Target', role: 'agent', password: 'long-enough-pw' });
    f.ids.team = await create('/teams', { name: 'Fuzz team', kind: 'team' });
    f.ids.spareTeam = await create('/teams', { name: 'Spare team', kind: 'team' });
    f.ids.token = await create('/api-tokens', { name: 'Spare token', scopes: ['tickets.read'] });
    f.ids.customer = await create('/customers', { name: 'Fixture customer' });
    await create('/ticket-types', { key: 'fuzz_type', names: names('Fuzz type') });
    f.ids.field = await create('/custom-fields', { key: 'fuzz_area', labels: names('Area'), type: 'text' });
    f.ids.spareField = await create('/custom-fields', { key: 'spare_field', labels: names('Spare'), type: 'text' });
    f.ids.ticket = await create('/tickets', { subject: 'Fixture ticket', customer: { id: f.ids.customer } });
    f.ids.otherTicket = await create('/tickets', { subject: 'Other ticket', customer: { id: f.ids.customer } });
    f.ids.mergeSource = await create('/tickets', { subject: 'Merge me', customer: { id: f.ids.customer } });
    f.ids.bulkTicket = await create('/tickets', { subject: 'Bulk me', customer: { id: f.ids.customer } });
    f.ids.view = await create('/views', { name: 'Fixture view', filters: {} });
    f.ids.department = await create('/teams', { name: 'Fuzz department', kind: 'department' });
    f.ids.subtask = await create(`/tickets/${f.ids.ticket}/subtasks`, { departmentId: f.ids.department, title: 'Fixture sub-task' });
    f.ids.completeSubtask = await create(`/tickets/${f.ids.ticket}/subtasks`, { departmentId: f.ids.department, title: 'Complete me' });
    f.ids.cancelSubtask = await create(`/tickets/${f.ids.ticket}/subtasks`, { departmentId: f.ids.department, title: 'Cancel me' });
    const rule = { trigger: { kind: 'event', event: 'ticket.created' }, conditions: { match: 'all', conditions: [] }, actions: [{ type: 'add_tags', tags: ['fixture'] }] };
    f.ids.rule = await create('/automation/rules', { name: 'Fixture rule', ...rule });
    f.ids.spareRule = await create('/automation/rules', { name: 'Spare rule', ...rule });
    f.ids.macro = await create('/automation/macros', { name: 'Fixture macro', actions: [{ type: 'add_tags', tags: ['macro'] }], isShared: true });
    f.ids.spareMacro = await create('/automation/macros', { name: 'Spare macro', actions: [{ type: 'add_tags', tags: ['spare'] }], isShared: true });
    f.ids.noticeTicket = await create('/tickets', { subject: 'Notice me', customer: { name: 'Notice customer', email: 'notice@fuzz.test' } });
    f.ids.mailbox = await create('/mailboxes', { address: 'fixture@fuzz-mail.test' });
    f.ids.spareMailbox = await create('/mailboxes', { address: 'spare@fuzz-mail.test' });
    const imapAccount = { host: '127.0.0.1', port: 1, secure: false, username: 'fixture@fuzz-mail.test', password: 'fixture-pass', isActive: false };
    f.ids.imapAccount = await create('/imap-accounts', { ...imapAccount, mailboxId: f.ids.mailbox });
    f.ids.spareImapAccount = await create('/imap-accounts', { ...imapAccount, mailboxId: f.ids.mailbox });
    f.secrets.wechatToken = 'fixtureToken';
    f.ids.wechatAccount = await create('/wechat-accounts', { name: 'Fixture 公众号', appId: 'wx00fixture', appSecret: 'fixtureSecret0123', token: f.secrets.wechatToken });
    f.ids.spareWechatAccount = await create('/wechat-accounts', { name: 'Spare 公众号', appId: 'wx00spare00', appSecret: 'fixtureSecret0123' });
    const connection = async (name: string, kind: 'webhook' | 'phone') => {
      const response = await t.request(ws.admin, 'POST', `${PREFIX}/hook-connections`, { kind, name, replyUrl: null });
      f.secrets[name] = response.json().secret;
      return response.json().id as string;
    };
    f.ids.hookConnection = await connection('hookConnection', 'webhook');
    f.ids.phoneConnection = await connection('phoneConnection', 'phone');
    f.ids.rotatedConnection = await connection('rotatedConnection', 'webhook');
    f.ids.spareHookConnection = await connection('spareHookConnection', 'webhook');
    const weekly = { mon: [{ start: '09:00', end: '18:00' }] };
    f.ids.calendar = await create('/business-calendars', { name: 'Fixture hours', timezone: 'Asia/Shanghai', weekly });
    f.ids.spareCalendar = await create('/business-calendars', { name: 'Spare hours', timezone: 'Asia/Shanghai', weekly });
    f.ids.policy = await create('/sla-policies', {
      name: 'Fixture policy',
      position: 0,
      conditions: { priorities: ['P1'] },
      targets: [{ metric: 'first_response', minutes: 60 }],
      escalation: [{ trigger: 'applied', action: 'create_task', note: 'Call the customer' }],
    });
    f.ids.sparePolicy = await create('/sla-policies', { name: 'Spare policy', targets: [{ metric: 'resolution', minutes: 600 }] });
    await create('/tickets', { subject: 'Needs a call', priority: 'P1', customer: { id: f.ids.customer } });
    await t.kernel.dispatcher.drain();
    const tasks = (await t.request(ws.admin, 'GET', `${PREFIX}/sla-tasks?status=open`)).json().items as { id: string }[];
    if (!tasks[0]) throw new Error('the fixture policy created no SLA task');
    f.ids.task = tasks[0].id;
    [f.dead] = (await makeDeadLetters(t.kernel, t.clock, ws.id)) as [DeadPair];
    await t.kernel.db.transaction((tx) =>
      t.kernel.services.notifications.notifyInTransaction(tx, ws.id, [{ userId: ws.admin.id, kind: 'fixture', titleKey: 'fixture.title', sourceKey: 'fixture:1' }]),
    );
    f.ids.notification = ((await t.request(ws.admin, 'GET', `${PREFIX}/notifications`)).json().items as { id: string }[])[0]!.id;
    await makeKbFixtures(t, ws, f.ids);
    // A message the e-mail channel refuses for good (no address): the retry endpoint's target.
    f.ids.failedOutbound = (
      await t.kernel.db.transaction((tx) => t.kernel.services.channels.outbound.queue(tx, { workspaceId: ws.id, channel: 'email', to: {}, content: { subject: 'Fixture', text: 'No address' } }))
    ).id;
    await t.kernel.services.channels.outbound.sendPending();
    doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    fingerprintSql = await fingerprintQuery(t);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const fingerprint = async (exempt: string[] = []) => {
    const rows = await t.kernel.db.query<{ name: string; rows: number; hash: string }>(fingerprintSql, [f.ws.id]);
    return rows.filter((row) => !exempt.includes(row.name));
  };

  const resolveRef = (ref: string): JsonSchema | undefined => doc.components?.schemas?.[ref.replace('#/components/schemas/', '')];

  it('has a base request for every write operation of the OpenAPI document', () => {
    const writes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((method) => method !== 'get').map((method) => `${method.toUpperCase()} ${path.startsWith(`${PREFIX}/`) ? path.slice(PREFIX.length) : path}`));
    expect(writes.filter((key) => !(key in OPERATIONS))).toEqual([]);
    expect(writes.length).toBeGreaterThanOrEqual(40);
  });

  type Mutation =
    | { kind: 'string'; pick: number; value: string }
    | { kind: 'value'; pick: number; value: unknown }
    | { kind: 'key'; pick: number; key: string; value: unknown }
    | { kind: 'body'; value: unknown }
    | { kind: 'deep'; json: string }
    | { kind: 'bytes'; pick: number; bytes: readonly number[] }
    | { kind: 'param'; value: string }
    | { kind: 'query'; key: string; value: string }
    | { kind: 'header'; value: string }
    | { kind: 'none' };

  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('string' as const), pick: fc.nat(), value: hostileString }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('value' as const), pick: fc.nat(), value: hostileValue }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('key' as const), pick: fc.nat(), key: hostileString, value: fc.oneof(hostileString, hostileValue) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('body' as const), value: hostileValue }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep' as const), json: deeplyNestedJson }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('bytes' as const), pick: fc.nat(), bytes: fc.constantFrom([0xc3, 0x28], [0xff], [0xed, 0xa0, 0x80], [0xe0, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0x80]) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('param' as const), value: hostileString }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('query' as const), key: fc.constantFrom('q', 'x', 'limit', '__proto__'), value: hostileString }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('header' as const), value: hostileString }) },
  );

  /** A request as the endpoint's client would send it, with one hostile change; `sentText` is what must read back. */
  function buildRequest(key: string, op: Operation, change: Mutation) {
    const [method, template] = key.split(' ') as [string, string];
    const params = op.params?.(f) ?? {};
    if (change.kind === 'param') {
      const name = Object.keys(params)[0];
      if (name) params[name] = change.value;
    }
    let url = fullPath(template).replace(/\{(\w+)\}/g, (_whole, name: string) => percentEncode(params[name] ?? ''));
    if (change.kind === 'query') url += `?${percentEncode(change.key)}=${percentEncode(change.value)}`;
    let body = op.body?.(f);
    let sentText: { path: Path; value: string } | undefined;
    let payload: string | Buffer | undefined = body === undefined ? undefined : JSON.stringify(body);
    const leaves = body === undefined ? [] : leafPaths(body);
    const stringLeaves = leaves.filter((leaf) => typeof leaf.value === 'string');
    if (change.kind === 'string' && stringLeaves.length > 0) {
      const leaf = stringLeaves[change.pick % stringLeaves.length]!;
      body = setAt(body, leaf.path, change.value);
      sentText = { path: leaf.path, value: change.value };
      payload = JSON.stringify(body);
    } else if (change.kind === 'value' && leaves.length > 0) {
      body = setAt(body, leaves[change.pick % leaves.length]!.path, change.value);
      payload = JSON.stringify(body);
    } else if (change.kind === 'key' && body !== undefined) {
      const targets = objectPaths(body);
      const target = targets[change.pick % targets.length]!;
      body = setAt(body, [...target, change.key], change.value);
      payload = JSON.stringify(body);
    } else if (change.kind === 'body') {
      payload = JSON.stringify(change.value);
    } else if (change.kind === 'deep') {
      payload = change.json;
    } else if (change.kind === 'bytes' && payload !== undefined) {
      // Bad bytes inside the first string value: right after its opening quote.
      const text = Buffer.from(payload);
      const quote = text.indexOf('":"') + 3;
      payload = quote > 2 ? Buffer.concat([text.subarray(0, quote), Buffer.from(change.bytes), text.subarray(quote)]) : text;
    }
    if (op.encode && ['none', 'string', 'value', 'key', 'body'].includes(change.kind)) payload = op.encode(change.kind === 'body' ? change.value : body);
    if (op.encode && change.kind === 'bytes') {
      const xml = Buffer.from(op.encode(body));
      const cdata = xml.indexOf('<![CDATA[') + 9;
      payload = Buffer.concat([xml.subarray(0, cdata), Buffer.from(change.bytes), xml.subarray(cdata)]);
    }
    if (op.query) url += `${url.includes('?') ? '&' : '?'}${op.query(f)}`;
    return { method, url, payload, sentText, template };
  }

  async function versionOf(user: TestUser, url: string): Promise<string | undefined> {
    const current = await t.request(user, 'GET', url);
    return current.statusCode === 200 ? current.headers.etag as string | undefined : undefined;
  }

  /** Stored text equals what was sent; an empty optional field is stored as “none” (null). */
  const sameText = (actual: unknown, expected: string) => actual === expected || (expected === '' && actual === null);

  /** The value a 2xx must read back: one-line text as the text rule stores it, free text as sent. */
  function expectedText(template: string, method: string, sent: { path: Path; value: string }): string | undefined {
    const schema = Object.values(doc.paths[fullPath(template)]?.[method.toLowerCase()]?.requestBody?.content ?? {})[0]?.schema;
    const kind = textKindAt(schema, sent.path, resolveRef);
    if (kind === 'line') return canonicalLine(sent.value);
    if (kind === 'multiline') return sent.value;
    return undefined; // passwords, e-mail addresses, keys: not text the API reads back
  }

  async function attack(key: string, op: Operation, change: Mutation): Promise<number> {
    const user = op.asGuest ? f.guest : f.ws.admin;
    const request = buildRequest(key, op, change);
    const headers: Record<string, string> = {};
    if (request.payload !== undefined) headers['content-type'] = op.encode ? 'text/xml' : 'application/json';
    if (request.method === 'PATCH') {
      const version = await versionOf(user, request.url.split('?')[0]!);
      if (version) headers['if-match'] = version;
    }
    // A header carries bytes: the hostile text arrives as its UTF-8 encoding, as from a real client.
    if (change.kind === 'header') headers['if-match'] = Buffer.from(change.value, 'utf8').toString('latin1');
    if (key === 'POST /attachments' || op.multipart) {
      const filename = change.kind === 'string' ? change.value : 'report.txt';
      const boundary = 'fuzzboundary';
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
      request.payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename.replace(/["\r\n]/g, '_')}"\r\nContent-Type: text/plain\r\n\r\n`),
        Buffer.from('hello'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    }
    Object.assign(headers, op.headers?.(f, request));
    const before = await fingerprint(op.mayRecordOnFailure);
    const response: LightMyRequestResponse = await t.app.inject({
      method: request.method as 'POST',
      url: request.url,
      headers: { ...(op.anonymous ? {} : { cookie: user.cookie }), ...headers },
      ...(request.payload === undefined ? {} : { payload: request.payload }),
    });
    tally.requests++;
    tally.byStatus.set(response.statusCode, (tally.byStatus.get(response.statusCode) ?? 0) + 1);
    const context = `${key} ${change.kind === 'deep' ? `deep JSON of ${change.json.length} characters` : JSON.stringify(change).slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
    expect(response.statusCode, context).toBeLessThan(500);

    if (response.statusCode >= 400) {
      const after = await fingerprint(op.mayRecordOnFailure);
      const changed = after.filter((table, index) => JSON.stringify(table) !== JSON.stringify(before[index])).map((table) => table.name);
      expect(changed, `stored on a ${response.statusCode}: ${context}`).toEqual([]);
      if (response.statusCode === 400) expect(response.json().errors?.length ?? 0, `a 400 names its field: ${context}`).toBeGreaterThan(0);
      return response.statusCode;
    }
    if (key === 'POST /attachments' || op.multipart) {
      const filename = (response.json() as { filename: string }).filename;
      expect(storableTextProblem(filename), context).toBeUndefined();
      return response.statusCode;
    }
    if (!request.sentText) return response.statusCode;
    const expected = expectedText(request.template, request.method, request.sentText);
    if (expected === undefined) return response.statusCode;
    const answered = getAt(response.json(), request.sentText.path);
    if (answered !== undefined) {
      expect(sameText(answered, expected), `answer differs from what was sent (${JSON.stringify(expected)} → ${JSON.stringify(answered)}): ${context}`).toBe(true);
      tally.readBacks++;
    }
    const id = (response.json() as { id?: unknown }).id;
    const readUrl = request.method === 'POST' && typeof id === 'string' ? `${request.url}/${id}` : request.url;
    const readTemplate = request.method === 'POST' ? `${request.template}/{id}` : request.template;
    if (!doc.paths[fullPath(readTemplate)]?.get) return response.statusCode;
    const read = await t.request(user, 'GET', readUrl);
    if (read.statusCode !== 200) return response.statusCode;
    const stored = getAt(read.json(), request.sentText.path);
    if (stored !== undefined) {
      expect(sameText(stored, expected), `stored text differs from what was sent (${JSON.stringify(expected)} → ${JSON.stringify(stored)}): ${context}`).toBe(true);
      tally.readBacks++;
    }
    return response.statusCode;
  }

  // Destructive operations run last so the others keep their fixtures for most of the runs.
  const order = (key: string) => (key.includes('logout') ? 3 : key.startsWith('DELETE') || key.includes('/merge') ? 2 : 1);
  const keys = Object.keys(OPERATIONS).sort((a, b) => order(a) - order(b));

  for (const key of keys) {
    it(key, async () => {
      const op = OPERATIONS[key]!;
      await op.prepare?.(f, t);
      const destructive = order(key) > 1;
      // The unchanged base request must succeed, or the mutations would only ever test a rejection.
      if (!destructive) expect(await attack(key, op, { kind: 'none' }), `${key} base request`).toBeLessThan(300);
      await fc.assert(
        fc.asyncProperty(mutation, async (change) => {
          await attack(key, op, change);
        }),
        { numRuns: RUNS, seed: FUZZ_SEED, endOnFailure: true },
      );
    }, 60_000);
  }

  it('answered without a server error', () => {
    const statuses = Object.fromEntries([...tally.byStatus.entries()].sort(([a], [b]) => a - b));
    expect(tally.requests).toBeGreaterThanOrEqual(keys.length * RUNS);
    expect(Object.keys(statuses).filter((status) => Number(status) >= 500)).toEqual([]);
    // Hostile text that is still valid text must be accepted and read back, not merely refused.
    expect(tally.readBacks).toBeGreaterThan(50);
    console.info(`hostile input: ${tally.requests} requests, statuses ${JSON.stringify(statuses)}, ${tally.readBacks} read-backs compared`);
  });
});
