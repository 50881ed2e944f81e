/**
 * The templates Kefu ships, in both languages. A workspace's admins override them (Administration → Templates); the
 * subject of a ticket's notice carries `[#number]`, so a customer answering it joins the ticket.
 */
import { registerTemplates, type TemplateDefinition } from './templates.ts';

export const TEMPLATE_NAMES = {
  acknowledged: 'ticket.acknowledged',
  progress: 'ticket.progress',
  solved: 'ticket.solved',
  notificationDigest: 'notification.digest',
  portalSignInLink: 'portal.sign_in_link',
} as const;

const TICKET_SAMPLE = { customerName: '张三', ticketNumber: 'CS20260505001', ticketSubject: '订单 A123 还没到 / Order A123 has not arrived', portalUrl: 'https://help.example.com/portal/tickets/CS20260505001' };

export const BUILT_IN_TEMPLATES: TemplateDefinition[] = [
  {
    name: TEMPLATE_NAMES.acknowledged,
    params: ['customerName', 'ticketNumber', 'ticketSubject', 'portalUrl'],
    sample: TICKET_SAMPLE,
    defaults: {
      en: {
        subject: 'We received your request: {{ticketSubject}} [#{{ticketNumber}}]',
        body: 'Dear {{customerName}},\n\nThank you for contacting {{workspaceName}}. Your request is registered as ticket {{ticketNumber}} and an agent will answer you soon.\n\nTo add anything, simply reply to this e-mail.\n\n{{workspaceName}}',
        html: null,
        sms: '{{workspaceName}}: we received your request, ticket {{ticketNumber}}. We will answer you soon.',
      },
      'zh-CN': {
        subject: '我们已收到您的请求：{{ticketSubject}} [#{{ticketNumber}}]',
        body: '{{customerName}}，您好：\n\n感谢您联系{{workspaceName}}。您的请求已登记为工单 {{ticketNumber}}，客服人员会尽快回复您。\n\n如需补充信息，直接回复本邮件即可。\n\n{{workspaceName}}',
        html: null,
        sms: '【{{workspaceName}}】已收到您的请求，工单号 {{ticketNumber}}，我们会尽快回复您。',
      },
    },
  },
  {
    name: TEMPLATE_NAMES.progress,
    params: ['customerName', 'ticketNumber', 'ticketSubject', 'message', 'portalUrl'],
    sample: { ...TICKET_SAMPLE, message: '仓库已重新发货，预计明天送达。The warehouse shipped it again; it should arrive tomorrow.' },
    defaults: {
      en: {
        subject: 'Update on your request: {{ticketSubject}} [#{{ticketNumber}}]',
        body: 'Dear {{customerName}},\n\nHere is the latest on your request {{ticketNumber}}:\n\n{{message}}\n\nWe will keep you informed. You can reply to this e-mail at any time.\n\n{{workspaceName}}',
        html: null,
        sms: '{{workspaceName}}: update on ticket {{ticketNumber}}: {{message}}',
      },
      'zh-CN': {
        subject: '您的请求有新进展：{{ticketSubject}} [#{{ticketNumber}}]',
        body: '{{customerName}}，您好：\n\n您的工单 {{ticketNumber}} 最新进展如下：\n\n{{message}}\n\n我们会持续向您通报处理情况，您也可以随时回复本邮件。\n\n{{workspaceName}}',
        html: null,
        sms: '【{{workspaceName}}】工单 {{ticketNumber}} 进展：{{message}}',
      },
    },
  },
  {
    name: TEMPLATE_NAMES.solved,
    params: ['customerName', 'ticketNumber', 'ticketSubject', 'surveyUrl'],
    sample: { ...TICKET_SAMPLE, surveyUrl: 'https://help.example.com/portal/tickets/CS20260505001' },
    defaults: {
      en: {
        subject: 'Your request is solved: {{ticketSubject}} [#{{ticketNumber}}]',
        body: 'Dear {{customerName}},\n\nYour request {{ticketNumber}} has been solved. If anything is still not right, reply to this e-mail and we will reopen it.\n\nHow did we do? Rate our service (it takes ten seconds):\n{{surveyUrl}}\n\n{{workspaceName}}',
        html: null,
        sms: '{{workspaceName}}: ticket {{ticketNumber}} is solved. Rate our service: {{surveyUrl}}',
      },
      'zh-CN': {
        subject: '您的请求已解决：{{ticketSubject}} [#{{ticketNumber}}]',
        body: '{{customerName}}，您好：\n\n您的工单 {{ticketNumber}} 已处理完毕。如仍有问题，直接回复本邮件，我们会重新跟进。\n\n请为本次服务评分（只需十秒）：\n{{surveyUrl}}\n\n{{workspaceName}}',
        html: null,
        sms: '【{{workspaceName}}】工单 {{ticketNumber}} 已解决，请为本次服务评分：{{surveyUrl}}',
      },
    },
  },
  {
    name: TEMPLATE_NAMES.notificationDigest,
    params: ['recipientName', 'count', 'items', 'appUrl'],
    sample: { recipientName: '李主管', count: '2', items: '• 工单 CS20260505001 的首次响应已超时\n• 工单 CS20260505002 已升级给您', appUrl: 'https://help.example.com/notifications' },
    defaults: {
      en: {
        subject: '{{workspaceName}}: {{count}} new notification(s)',
        body: 'Hello {{recipientName}},\n\n{{items}}\n\nOpen them in Kefu: {{appUrl}}\n\nYou receive these e-mails because your profile says "e-mail too"; change it on your profile page.',
        html: null,
        sms: null,
      },
      'zh-CN': {
        subject: '{{workspaceName}}：{{count}} 条新通知',
        body: '{{recipientName}}，您好：\n\n{{items}}\n\n在客服系统中查看：{{appUrl}}\n\n您收到此邮件是因为个人设置中选择了"同时发送邮件"，可在个人资料页修改。',
        html: null,
        sms: null,
      },
    },
  },
  {
    name: TEMPLATE_NAMES.portalSignInLink,
    params: ['customerName', 'link', 'expiresMinutes'],
    sample: { customerName: '张三', link: 'https://help.example.com/portal/sign-in?token=sample', expiresMinutes: '15' },
    defaults: {
      en: {
        subject: 'Your sign-in link for {{workspaceName}}',
        body: 'Hello {{customerName}},\n\nOpen this link to sign in to the help center of {{workspaceName}}:\n{{link}}\n\nIt works once, for {{expiresMinutes}} minutes. If you did not ask for it, ignore this e-mail.',
        html: null,
        sms: '{{workspaceName}} sign-in link (valid {{expiresMinutes}} min): {{link}}',
      },
      'zh-CN': {
        subject: '{{workspaceName}} 登录链接',
        body: '{{customerName}}，您好：\n\n打开以下链接即可登录{{workspaceName}}客户服务中心：\n{{link}}\n\n链接仅可使用一次，{{expiresMinutes}} 分钟内有效。如非本人操作，请忽略本邮件。',
        html: null,
        sms: '【{{workspaceName}}】登录链接（{{expiresMinutes}} 分钟内有效）：{{link}}',
      },
    },
  },
];

registerTemplates(BUILT_IN_TEMPLATES);
