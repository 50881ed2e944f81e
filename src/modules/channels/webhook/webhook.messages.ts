import { registerMessages } from '../../../platform/i18n.ts';

registerMessages({
  en: {
    'channels.webhook.connection_not_found': 'This connection was not found.',
    'channels.webhook.invalid_reply_url': 'Give an http:// or https:// address.',
    'channels.webhook.signature_missing': 'The request is not signed (X-Kefu-Signature).',
    'channels.webhook.signature_malformed': 'The X-Kefu-Signature header is not of the form t=<timestamp>,v1=<signature>.',
    'channels.webhook.signature_stale': 'The signature’s timestamp is more than five minutes away from the server’s time.',
    'channels.webhook.signature_mismatch': 'The signature does not match this connection’s secret.',
    'channels.webhook.unknown_sender': 'Unknown sender',
    'channels.webhook.new_conversation': 'Message',
    'channels.webhook.automated': 'An automatic message from {name} (not answered):',
    'channels.webhook.no_reply_url': 'Not sent: the connection has no reply URL.',
    'channels.webhook.no_conversation': 'Not sent: this ticket did not come through a webhook connection.',
    'channels.webhook.connection_inactive': 'Not sent: the connection of this conversation is paused or was removed.',
  },
  'zh-CN': {
    'channels.webhook.connection_not_found': '未找到该连接。',
    'channels.webhook.invalid_reply_url': '请填写 http:// 或 https:// 地址。',
    'channels.webhook.signature_missing': '请求未签名（缺少 X-Kefu-Signature）。',
    'channels.webhook.signature_malformed': 'X-Kefu-Signature 的格式应为 t=<时间戳>,v1=<签名>。',
    'channels.webhook.signature_stale': '签名时间戳与服务器时间相差超过五分钟。',
    'channels.webhook.signature_mismatch': '签名与该连接的密钥不符。',
    'channels.webhook.unknown_sender': '未知发送者',
    'channels.webhook.new_conversation': '消息',
    'channels.webhook.automated': '来自 {name} 的自动消息（不予回复）：',
    'channels.webhook.no_reply_url': '未发送：该连接没有设置回复地址。',
    'channels.webhook.no_conversation': '未发送：此工单不是通过 Webhook 连接进来的。',
    'channels.webhook.connection_inactive': '未发送：此会话所属的连接已暂停或已删除。',
  },
});
