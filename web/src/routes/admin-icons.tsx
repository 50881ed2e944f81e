import { AlertOutlined, ApiOutlined, ApartmentOutlined, AuditOutlined, BankOutlined, CalendarOutlined, ClockCircleOutlined, FormOutlined, MailOutlined, MessageOutlined, RobotOutlined, SendOutlined, SmileOutlined, StarOutlined, TagsOutlined, TeamOutlined, ThunderboltOutlined, UserOutlined } from '@ant-design/icons';

/** The admin menu's icons, one chunk loaded when an admin's menu first shows. */
const adminIcons = {
  users: UserOutlined,
  teams: TeamOutlined,
  routing: ApartmentOutlined,
  skills: StarOutlined,
  ticketTypes: TagsOutlined,
  customFields: FormOutlined,
  automation: ThunderboltOutlined,
  sla: ClockCircleOutlined,
  calendars: CalendarOutlined,
  email: MailOutlined,
  outbound: SendOutlined,
  messaging: MessageOutlined,
  tokens: ApiOutlined,
  surveys: SmileOutlined,
  workspace: BankOutlined,
  operations: AlertOutlined,
  bot: RobotOutlined,
  audit: AuditOutlined,
};
export default adminIcons;
