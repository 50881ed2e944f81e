import { registerMessages } from '../../../platform/i18n.ts';

registerMessages({
  en: {
    'channels.template.not_found': 'There is no template of that name.',
    'channels.template.unknown_placeholder': 'Unknown placeholder {names}. This template knows: {known}.',
    'channels.outbound.not_found': 'This outbound message was not found.',
    'channels.outbound.not_failed': 'Only a failed message can be sent again.',
    'channels.outbound.bad_cursor': 'This page cursor is not valid.',
  },
  'zh-CN': {
    'channels.template.not_found': '没有该名称的模板。',
    'channels.template.unknown_placeholder': '未知的占位符 {names}。此模板可用：{known}。',
    'channels.outbound.not_found': '未找到该外发消息。',
    'channels.outbound.not_failed': '只有发送失败的消息才能重新发送。',
    'channels.outbound.bad_cursor': '分页游标无效。',
  },
});
