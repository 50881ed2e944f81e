import { registerMessages } from '../../platform/i18n.ts';

registerMessages({
  en: {
    'operations.dead_delivery_not_found': 'This delivery is not dead (it was retried already, or never failed).',
    'operations.dead_timer_not_found': 'This timer is not dead (it was retried already, rescheduled or cancelled).',
  },
  'zh-CN': {
    'operations.dead_delivery_not_found': '该投递不在死信中（可能已重试，或从未失败）。',
    'operations.dead_timer_not_found': '该定时任务不在死信中（可能已重试、重新安排或取消）。',
  },
});
