import { registerMessages } from '../../platform/i18n.ts';

registerMessages({
  en: {
    'notifications.no_user': 'Notifications belong to a signed-in user.',
    'notifications.invalid_cursor': 'This page link is not valid; start again from the first page.',
  },
  'zh-CN': {
    'notifications.no_user': '通知只属于已登录的用户。',
    'notifications.invalid_cursor': '分页链接无效，请从第一页重新开始。',
  },
});
