import { AlertOutlined, ApiOutlined, ApartmentOutlined, AuditOutlined, BankOutlined, CalendarOutlined, ClockCircleOutlined, FormOutlined, MailOutlined, MessageOutlined, RobotOutlined, SendOutlined, SmileOutlined, StarOutlined, TagsOutlined, TeamOutlined, ThunderboltOutlined, UserOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Audience } from './screen.ts';

/** The admin console, in menu order. */
export const adminScreens: Audience = {
  key: 'admin',
  label: 'nav.admin',
  base: 'admin',
  screens: [
    { path: 'admin/users', page: lazy(() => import('./admin/users-page.tsx')), label: 'nav.users', icon: <UserOutlined aria-hidden />, permission: 'users.manage' },
    { path: 'admin/teams', page: lazy(() => import('./admin/teams-page.tsx')), label: 'nav.teams', icon: <TeamOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/routing', page: lazy(() => import('./admin/routing-page.tsx')), label: 'routing.nav', icon: <ApartmentOutlined aria-hidden />, permission: 'routing.manage' },
    { path: 'admin/skills', page: lazy(() => import('./admin/skills-page.tsx')), label: 'nav.skills', icon: <StarOutlined aria-hidden />, permission: 'users.manage' },
    { path: 'admin/ticket-types', page: lazy(() => import('./admin/ticket-types-page.tsx')), label: 'nav.ticketTypes', icon: <TagsOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/custom-fields', page: lazy(() => import('./admin/custom-fields-page.tsx')), label: 'nav.customFields', icon: <FormOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/automation', page: lazy(() => import('./admin/automation-page.tsx')), label: 'automation.nav', icon: <ThunderboltOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/sla', page: lazy(() => import('./admin/sla-policies-page.tsx')), label: 'nav.slaPolicies', icon: <ClockCircleOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/calendars', page: lazy(() => import('./admin/calendars-page.tsx')), label: 'nav.calendars', icon: <CalendarOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/email', page: lazy(() => import('./admin/email-page.tsx')), label: 'nav.email', icon: <MailOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/outbound', page: lazy(() => import('./admin/outbound-page.tsx')), label: 'channels.navOutbound', icon: <SendOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/messaging', page: lazy(() => import('./admin/messaging-page.tsx')), label: 'messaging.nav', icon: <MessageOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/tokens', page: lazy(() => import('./admin/tokens-page.tsx')), label: 'nav.apiTokens', icon: <ApiOutlined aria-hidden />, permission: 'tokens.manage' },
    { path: 'admin/surveys', page: lazy(() => import('./admin/survey-settings-page.tsx')), label: 'surveys.navSettings', icon: <SmileOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/workspace', page: lazy(() => import('./admin/workspace-page.tsx')), label: 'nav.workspace', icon: <BankOutlined aria-hidden />, permission: 'settings.manage' },
    { path: 'admin/operations', page: lazy(() => import('./admin/operations-page.tsx')), label: 'nav.operations', icon: <AlertOutlined aria-hidden />, permission: 'settings.manage' },
    // bot
    { path: 'admin/bot', page: lazy(() => import('./admin/bot-page.tsx')), label: 'bot.nav', icon: <RobotOutlined aria-hidden />, permission: 'bot.manage' },
    { path: 'admin/audit', page: lazy(() => import('./admin/audit-page.tsx')), label: 'nav.audit', icon: <AuditOutlined aria-hidden />, permission: 'audit.read' },
  ],
};
