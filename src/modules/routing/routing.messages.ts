import { registerMessages } from '../../platform/i18n.ts';

registerMessages({
  en: {
    'routing.unknown_team': 'Choose a team of this workspace.',
    'routing.unknown_agent': 'Choose an active agent or supervisor of this workspace.',
    'routing.nothing_to_change': 'Name an assignee or a team to hand the ticket to.',
    'routing.duplicate_skill_rule': 'This rule is given twice.',
    'routing.notice.unassigned': 'Ticket {number} has waited {minutes} min unassigned in {team}: {subject}',
  },
  'zh-CN': {
    'routing.unknown_team': '请选择本工作区的一个团队。',
    'routing.unknown_agent': '请选择本工作区一位在职的坐席或主管。',
    'routing.nothing_to_change': '请指定要转交的处理人或团队。',
    'routing.duplicate_skill_rule': '该规则重复了。',
    'routing.notice.unassigned': '工单 {number} 在{team}已等待 {minutes} 分钟无人处理：{subject}',
  },
});
