import { registerMessages } from '../../../platform/i18n.ts';

registerMessages({
  en: {
    'channels.email.no_text': '(This e-mail has no text.)',
    'channels.email.no_subject': '(no subject)',
    'channels.email.unknown_sender': 'Unknown sender',
    'channels.email.automated.auto_reply': 'Automatic reply from {from} (not answered):',
    'channels.email.automated.bounce': 'Delivery failure report from {from}:',
    'channels.email.automated.list': 'List or bulk mail from {from} (not answered):',
    'channels.email.automated.loop': 'Mail that came back to this help desk from {from} (not answered):',
    'channels.email.rate_limited': 'Mail from {from} beyond {limit} new tickets an hour, joined here (not answered):',
    'channels.email.mailbox_not_found': 'This mailbox was not found.',
    'channels.email.address_taken': 'This address is already used by a mailbox.',
    'channels.email.invalid_relay': 'Give an smtp:// or smtps:// address, e.g. smtp://user:password@mail.example.com:587.',
  },
  'zh-CN': {
    'channels.email.no_text': '（此邮件没有正文。）',
    'channels.email.no_subject': '（无主题）',
    'channels.email.unknown_sender': '未知发件人',
    'channels.email.automated.auto_reply': '来自 {from} 的自动回复（不予回复）：',
    'channels.email.automated.bounce': '来自 {from} 的退信通知：',
    'channels.email.automated.list': '来自 {from} 的群发或邮件列表邮件（不予回复）：',
    'channels.email.automated.loop': '从 {from} 退回本服务台的邮件（不予回复）：',
    'channels.email.rate_limited': '{from} 一小时内新建工单超过 {limit} 个，此邮件并入本工单（不予回复）：',
    'channels.email.mailbox_not_found': '未找到该邮箱。',
    'channels.email.address_taken': '该地址已被其他邮箱使用。',
    'channels.email.invalid_relay': '请填写 smtp:// 或 smtps:// 地址，例如 smtp://user:password@mail.example.com:587。',
  },
});
