/**
 * The solved notice without a satisfaction link: sent when no survey provider gives one for the ticket, so a customer
 * never reads an empty link. Admins reword it like the shipped templates.
 */
import { registerTemplates } from './outbound/templates.ts';

export const SOLVED_WITHOUT_SURVEY = 'ticket.solved_without_survey';

registerTemplates([
  {
    name: SOLVED_WITHOUT_SURVEY,
    params: ['customerName', 'ticketNumber', 'ticketSubject'],
    sample: { customerName: '张三', ticketNumber: 'CS20260505001', ticketSubject: '订单 A123 还没到 / Order A123 has not arrived' },
    defaults: {
      en: {
        subject: 'Your request is solved: {{ticketSubject}} [#{{ticketNumber}}]',
        body: 'Dear {{customerName}},\n\nYour request {{ticketNumber}} has been solved. If anything is still not right, reply to this e-mail and we will reopen it.\n\n{{workspaceName}}',
        html: null,
        sms: '{{workspaceName}}: ticket {{ticketNumber}} is solved. Reply if anything is still not right.',
      },
      'zh-CN': {
        subject: '您的请求已解决：{{ticketSubject}} [#{{ticketNumber}}]',
        body: '{{customerName}}，您好：\n\n您的工单 {{ticketNumber}} 已处理完毕。如仍有问题，直接回复本邮件，我们会重新跟进。\n\n{{workspaceName}}',
        html: null,
        sms: '【{{workspaceName}}】工单 {{ticketNumber}} 已解决，如仍有问题请回复。',
      },
    },
  },
]);
