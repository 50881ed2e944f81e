/**
 * The mail that carries the bot's answer to a new e-mail ticket. It is a template, not the bot's words alone, so that
 * it says it is automatic, tells the customer how to reach a person, and leaves with Auto-Submitted (RFC 3834): the
 * customer's own auto-responder must not answer it.
 */
import { registerTemplates } from './outbound/templates.ts';

export const BOT_ANSWER_TEMPLATE = 'ticket.bot_answer';

registerTemplates([
  {
    name: BOT_ANSWER_TEMPLATE,
    params: ['customerName', 'ticketNumber', 'ticketSubject', 'answer'],
    sample: { customerName: '张三', ticketNumber: 'CS20260505001', ticketSubject: '退货怎么办理 / How do I return an item', answer: '退换货政策：签收后 7 天内可无理由退货……' },
    defaults: {
      en: {
        subject: 'Re: {{ticketSubject}} [#{{ticketNumber}}]',
        body: 'Dear {{customerName}},\n\nThis automatic answer from our help center may already solve your request {{ticketNumber}}:\n\n{{answer}}\n\nIf it does not, simply reply to this e-mail (or write "human") and an agent will take over.\n\n{{workspaceName}}',
        html: null,
        sms: '{{workspaceName}}: {{answer}}',
      },
      'zh-CN': {
        subject: '回复：{{ticketSubject}} [#{{ticketNumber}}]',
        body: '{{customerName}}，您好：\n\n以下是帮助中心为您的请求 {{ticketNumber}} 自动找到的答案，也许已能解决您的问题：\n\n{{answer}}\n\n如未解决，直接回复本邮件（或写“转人工”），客服人员会接手处理。\n\n{{workspaceName}}',
        html: null,
        sms: '【{{workspaceName}}】{{answer}}',
      },
    },
  },
]);
