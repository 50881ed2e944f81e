import { AccountBookOutlined, AuditOutlined, DashboardOutlined, FieldTimeOutlined, OrderedListOutlined, StarOutlined } from '@ant-design/icons';

/** The supervisor menu's icons, one chunk loaded when a supervisor's menu first shows. */
const supervisorIcons = {
  dashboard: DashboardOutlined,
  queues: OrderedListOutlined,
  kbFreshness: FieldTimeOutlined,
  approvals: AuditOutlined,
  surveys: StarOutlined,
  ledger: AccountBookOutlined,
};
export default supervisorIcons;
