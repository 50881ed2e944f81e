import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { translate, type MessageKey, type MessageParams } from '../../i18n/index.tsx';
import { zhCN } from '../../i18n/zh-CN.ts';
import type { Message, TimelineEntry } from './api.ts';
import { describeEntry, formatValue, mergeTimeline } from './timeline-items.ts';

const zh = (key: MessageKey, params?: MessageParams) => translate(zhCN, key, params);
const names = { user: (id: string | null | undefined) => (id === 'u1' ? '李娜' : '?'), team: () => '一线客服', type: (key: string) => key };

const entry = (id: number, at: string, kind: string, extra: Partial<TimelineEntry> = {}): TimelineEntry => ({
  id,
  at,
  stage: 'handling',
  kind,
  operator: { type: 'user', id: 'u1', name: '李娜' },
  changes: {},
  messageId: null,
  attachmentIds: [],
  content: null,
  nextStep: null,
  details: {},
  ...extra,
});
const message = (id: string, createdAt: string): Message => ({ id, ticketId: 't', kind: 'reply', authorType: 'agent', author: { id: 'u1', name: '李娜' }, body: id, isAutoReply: false, attachments: [], copiedFromId: null, externalId: null, from: null, to: [], htmlBody: null, deliveryStatus: null, deliveryError: null, createdAt });

describe('ticket timeline', () => {
  it('puts messages at their steps and keeps messages without a step, in time order', () => {
    const items = mergeTimeline(
      [entry(1, '2026-03-02T01:00:00Z', 'created', { messageId: 'm1' }), entry(2, '2026-03-02T03:00:00Z', 'status_changed')],
      [message('m1', '2026-03-02T01:00:00Z'), message('copied', '2026-03-02T02:00:00Z')],
    );
    expect(items.map((item) => (item.kind === 'message' ? item.message.id : item.entry.kind))).toEqual(['m1', 'copied', 'status_changed']);
  });

  it('describes steps in the UI language with translated values', () => {
    expect(describeEntry(zh, names, entry(3, '2026-03-02T01:00:00Z', 'status_changed', { changes: { status: { from: 'open', to: 'pending' } } }))).toBe('李娜 将状态从 处理中 改为 等待客户');
    expect(describeEntry(zh, names, entry(4, '2026-03-02T01:00:00Z', 'assigned', { changes: { assigneeId: { from: null, to: 'u1' } } }))).toBe('李娜 将工单分派给 李娜');
    expect(describeEntry(zh, names, entry(5, '2026-03-02T01:00:00Z', 'sla.breached', { operator: { type: 'system', id: null, name: null }, details: { metric: 'first_response', dueAt: '2026-03-02T01:15:00Z' } }))).toMatch(/^首次响应已超时（2026-03-02 \d\d:15）$/);
  });

  it('shows a changed urgency by its name', () => {
    expect(formatValue(zh, names, 'urgency', 'critical')).toBe('非常紧急');
    expect(formatValue((key, params) => translate(en, key, params), names, 'urgency', 'urgent')).toBe('Urgent');
  });
  it("describes another module's step by the catalogue entry it names, with the operator as {who}", () => {
    const step = entry(9, '2026-03-02T01:00:00Z', 'subtask.created', { details: { summaryKey: 'collaboration.timeline.created', summaryParams: { title: '追踪包裹', department: '物流部' } } });
    expect(describeEntry(zh, names, step)).toBe('李娜 将子任务转交给物流部：追踪包裹');
    // An entry this app does not know falls back to the plain "changed" sentence.
    expect(describeEntry(zh, names, entry(10, '2026-03-02T01:00:00Z', 'elsewhere.step', { details: { summaryKey: 'no.such.key' } }))).toBe(describeEntry(zh, names, entry(11, '2026-03-02T01:00:00Z', 'elsewhere')));
  });
});
