/** The widget's own words in both languages, chosen by the browser's language (zh* → Chinese). */
const en = {
  title: 'Chat with us',
  open: 'Chat',
  close: 'Close',
  name: 'Your name',
  email: 'E-mail',
  phone: 'Phone',
  contactHint: 'Leave an e-mail or a phone number so we can reach you.',
  start: 'Start chat',
  send: 'Send',
  attach: 'Attach a file',
  placeholder: 'Type a message…',
  queue: 'You are number {position} in line. Expected wait: {wait}.',
  queueUnknown: 'You are number {position} in line.',
  minutes: '{n} min',
  lessThanMinute: 'under a minute',
  withAgent: 'You are chatting with {name}.',
  withBot: 'Our assistant answers first. Type "human" for a person.',
  ended: 'The chat has ended.',
  end: 'End chat',
  typing: '{name} is typing…',
  agent: 'Agent',
  read: 'Read',
  sending: 'Sending…',
  offlineTitle: 'No one is available right now',
  offlineClosed: 'We are outside opening hours. Leave a message and we will get back to you.',
  offlineNoAgent: 'No agent is online. Leave a message and we will get back to you.',
  message: 'Your message',
  leave: 'Leave message',
  left: 'Thank you. Your message was received as ticket {number}.',
  reconnecting: 'Reconnecting…',
  newChat: 'New chat',
};

export type Words = typeof en;

const zh: Words = {
  title: '在线客服',
  open: '咨询',
  close: '关闭',
  name: '您的称呼',
  email: '电子邮箱',
  phone: '手机号码',
  contactHint: '请留下邮箱或手机号，方便我们联系您。',
  start: '开始咨询',
  send: '发送',
  attach: '发送文件',
  placeholder: '请输入消息…',
  queue: '您排在第 {position} 位，预计等待 {wait}。',
  queueUnknown: '您排在第 {position} 位。',
  minutes: '{n} 分钟',
  lessThanMinute: '不到 1 分钟',
  withAgent: '{name} 正在为您服务。',
  withBot: '智能助手先为您解答，输入“转人工”联系人工客服。',
  ended: '会话已结束。',
  end: '结束会话',
  typing: '{name} 正在输入…',
  agent: '客服',
  read: '已读',
  sending: '发送中…',
  offlineTitle: '当前没有客服在线',
  offlineClosed: '现在是非工作时间，请留言，我们会尽快回复您。',
  offlineNoAgent: '暂时没有客服在线，请留言，我们会尽快回复您。',
  message: '留言内容',
  leave: '提交留言',
  left: '感谢您的留言，工单号 {number}。',
  reconnecting: '正在重新连接…',
  newChat: '重新咨询',
};

export type WidgetLocale = 'en' | 'zh-CN';

export function localeOf(language: string | undefined): WidgetLocale {
  return language && language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function wordsFor(locale: WidgetLocale): Words {
  return locale === 'zh-CN' ? zh : en;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
