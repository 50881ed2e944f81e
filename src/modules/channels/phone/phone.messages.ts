import { registerMessages } from '../../../platform/i18n.ts';

registerMessages({
  en: {
    'channels.phone.inbound_call': 'Phone call from {caller}',
    'channels.phone.outbound_call': 'Phone call to {callee}',
    'channels.phone.ends_before_start': 'The call cannot end before it starts.',
    'channels.phone.unknown_agent': 'No user of this workspace has this id.',
    'channels.phone.unknown_ticket': 'No ticket of this workspace has this id.',
    'channels.phone.invalid_number': 'Not a phone number.',
    'channels.phone.invalid_recording_url': 'Give an http:// or https:// address.',
  },
  'zh-CN': {
    'channels.phone.inbound_call': '来自 {caller} 的来电',
    'channels.phone.outbound_call': '呼出至 {callee} 的电话',
    'channels.phone.ends_before_start': '通话结束时间不能早于开始时间。',
    'channels.phone.unknown_agent': '本工作区没有此 ID 的用户。',
    'channels.phone.unknown_ticket': '本工作区没有此 ID 的工单。',
    'channels.phone.invalid_number': '不是有效的电话号码。',
    'channels.phone.invalid_recording_url': '请填写 http:// 或 https:// 地址。',
  },
});
