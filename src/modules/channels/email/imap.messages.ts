import { registerMessages } from '../../../platform/i18n.ts';

registerMessages({
  en: {
    'channels.imap.not_found': 'This IMAP mailbox was not found.',
    'channels.imap.invalid_host': 'Give the IMAP server as a host name or address, e.g. imap.example.com.',
    'channels.imap.password_required': 'Give the password of the mailbox.',
  },
  'zh-CN': {
    'channels.imap.not_found': '未找到该 IMAP 邮箱。',
    'channels.imap.invalid_host': '请填写 IMAP 服务器的主机名或地址，例如 imap.example.com。',
    'channels.imap.password_required': '请填写邮箱密码。',
  },
});
