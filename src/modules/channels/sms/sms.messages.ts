import { registerMessages } from '../../../platform/i18n.ts';

registerMessages({
  en: {
    'channels.sms.invalid_url': 'Give the gateway address as http:// or https://, without a user name or password in it.',
    'channels.sms.key_required': 'Give the gateway key.',
    'channels.sms.not_configured': 'No SMS gateway is set for this workspace.',
  },
  'zh-CN': {
    'channels.sms.invalid_url': '请填写 http:// 或 https:// 开头的网关地址，地址中不要包含用户名或密码。',
    'channels.sms.key_required': '请填写网关密钥。',
    'channels.sms.not_configured': '本工作区尚未设置短信网关。',
  },
});
