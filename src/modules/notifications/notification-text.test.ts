import { describe, expect, it } from 'vitest';
import { registerMessages } from '../../platform/i18n.ts';
import { renderNotificationText } from './notification-text.ts';

registerMessages({
  en: { 'test.notice.title': 'Ticket {number}: {metric} missed', 'test.notice.metric': 'First response' },
  'zh-CN': { 'test.notice.title': '工单 {number}：{metric}已超时', 'test.notice.metric': '首次响应' },
});

describe('renderNotificationText', () => {
  it('renders keyed parameters in the reader’s language and plain ones as they are', () => {
    const params = { number: 'KF-7', metric: { key: 'test.notice.metric' } };
    expect(renderNotificationText('en', 'test.notice.title', params)).toBe('Ticket KF-7: First response missed');
    expect(renderNotificationText('zh-CN', 'test.notice.title', params)).toBe('工单 KF-7：首次响应已超时');
  });

  it('leaves a placeholder without a parameter visible rather than inventing a value', () => {
    expect(renderNotificationText('en', 'test.notice.title', { number: 7 })).toBe('Ticket 7: {metric} missed');
  });
});
