import { registerMessages } from '../../platform/i18n.ts';

registerMessages({
  en: {
    'channels.notices.update_empty': 'Write the update for the customer.',
    'channels.notices.update_too_long': 'An update has at most {max} characters.',
    'channels.notices.ticket_done': 'This ticket is solved or closed; its customer gets no more progress updates.',
    'channels.notices.no_contact': 'The customer has no e-mail address or phone number to send the update to.',
  },
  'zh-CN': {
    'channels.notices.update_empty': '请填写发给客户的进展说明。',
    'channels.notices.update_too_long': '进展说明最多 {max} 个字符。',
    'channels.notices.ticket_done': '该工单已解决或已关闭，不再向客户发送进展。',
    'channels.notices.no_contact': '该客户没有可用的邮箱或手机号，无法发送进展。',
  },
});
