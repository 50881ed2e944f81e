import { registerMessages } from '../../platform/i18n.ts';

registerMessages({
  en: {
    'notifications.no_user': 'Notifications belong to a signed-in user.',
    'notifications.invalid_cursor': 'This page link is not valid; start again from the first page.',
    'notifications.sla.warning': '{metric} due soon on ticket {number}',
    'notifications.sla.breached': '{metric} overdue on ticket {number}',
    'notifications.sla.escalated_warning': 'Escalation: {metric} due soon on ticket {number}',
    'notifications.sla.escalated_breached': 'Escalation: {metric} overdue on ticket {number}',
    'notifications.sla.escalated_applied': 'Escalation: ticket {number} needs your attention',
    'notifications.sla.task': 'Task: contact the customer proactively about ticket {number}',
    'notifications.sla.assigned': 'Ticket {number} was escalated to you',
    'notifications.sla.note': '{note}',
  },
  'zh-CN': {
    'notifications.no_user': '通知只属于已登录的用户。',
    'notifications.invalid_cursor': '分页链接无效，请从第一页重新开始。',
    'notifications.sla.warning': '工单 {number} 的{metric}即将到期',
    'notifications.sla.breached': '工单 {number} 的{metric}已超时',
    'notifications.sla.escalated_warning': '升级：工单 {number} 的{metric}即将到期',
    'notifications.sla.escalated_breached': '升级：工单 {number} 的{metric}已超时',
    'notifications.sla.escalated_applied': '升级：工单 {number} 需要您关注',
    'notifications.sla.task': '任务：请主动联系客户跟进工单 {number}',
    'notifications.sla.assigned': '工单 {number} 已升级转交给您',
    'notifications.sla.note': '{note}',
  },
});
