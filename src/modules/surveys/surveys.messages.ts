import { registerMessages } from '../../platform/i18n.ts';
import { registerTemplates } from '../channels/index.ts';
import { SURVEY_TEMPLATES } from './surveys.context.ts';

registerMessages({
  en: {
    'surveys.not_found': 'The survey was not found.',
    'surveys.link_invalid': 'This survey link is not valid. Please use the link from your message as it was sent.',
    'surveys.already_answered': 'This survey has already been answered. Thank you!',
    'surveys.score_range': 'Choose a score from {min} to {max}.',
    'surveys.unknown_question': 'This survey has no such question.',
    'surveys.duplicate_question': 'Each question needs its own id.',
    'surveys.unknown_template': 'Choose an NPS template of this workspace.',
    'surveys.campaign_not_found': 'The survey campaign was not found.',
    'surveys.template_not_found': 'The survey template was not found.',
    'permissions.surveys.manage': 'run NPS campaigns and edit survey templates',
  },
  'zh-CN': {
    'surveys.not_found': '未找到该问卷。',
    'surveys.link_invalid': '该问卷链接无效，请使用消息中的原始链接。',
    'surveys.already_answered': '该问卷已提交，感谢您的反馈！',
    'surveys.score_range': '请选择 {min} 到 {max} 之间的分数。',
    'surveys.unknown_question': '该问卷没有这个问题。',
    'surveys.duplicate_question': '每个问题需要不同的编号。',
    'surveys.unknown_template': '请选择本工作区的 NPS 问卷模板。',
    'surveys.campaign_not_found': '未找到该问卷活动。',
    'surveys.template_not_found': '未找到该问卷模板。',
    'permissions.surveys.manage': '发起 NPS 调研并编辑问卷模板',
  },
});

const SAMPLE = { customerName: '张三', ticketNumber: 'CS20260505001', surveyUrl: 'https://help.example.com/survey/sample' };

registerTemplates([
  {
    name: SURVEY_TEMPLATES.csatReminder,
    params: ['customerName', 'ticketNumber', 'surveyUrl'],
    sample: SAMPLE,
    defaults: {
      en: {
        subject: 'How did we do? [#{{ticketNumber}}]',
        body: 'Dear {{customerName}},\n\nWe have not heard how we did on request {{ticketNumber}}. Ten seconds tell us:\n{{surveyUrl}}\n\n{{workspaceName}}',
        html: null,
        sms: '{{workspaceName}}: how did we do on ticket {{ticketNumber}}? {{surveyUrl}}',
      },
      'zh-CN': {
        subject: '请为我们的服务评分 [#{{ticketNumber}}]',
        body: '{{customerName}}，您好：\n\n您的工单 {{ticketNumber}} 还没有评分，只需十秒：\n{{surveyUrl}}\n\n{{workspaceName}}',
        html: null,
        sms: '【{{workspaceName}}】请为工单 {{ticketNumber}} 的服务评分：{{surveyUrl}}',
      },
    },
  },
  {
    name: SURVEY_TEMPLATES.nps,
    params: ['customerName', 'surveyUrl'],
    sample: SAMPLE,
    defaults: {
      en: {
        subject: 'Would you recommend {{workspaceName}}?',
        body: 'Dear {{customerName}},\n\nHow likely are you to recommend {{workspaceName}} to a friend or colleague? One question, and a word on why:\n{{surveyUrl}}\n\n{{workspaceName}}',
        html: null,
        sms: '{{workspaceName}}: would you recommend us? Tell us in one tap: {{surveyUrl}}',
      },
      'zh-CN': {
        subject: '您会向朋友推荐{{workspaceName}}吗？',
        body: '{{customerName}}，您好：\n\n您有多大可能向朋友或同事推荐{{workspaceName}}？只有一个问题，欢迎告诉我们原因：\n{{surveyUrl}}\n\n{{workspaceName}}',
        html: null,
        sms: '【{{workspaceName}}】您会推荐我们吗？点击评分：{{surveyUrl}}',
      },
    },
  },
]);
