import { lazyIconSet } from './lazy-icon.tsx';
import { lazy } from 'react';
import type { Audience } from './screen.ts';

const icon = lazyIconSet(() => import('./admin-icons.tsx'));

/** The admin console, in menu order. */
export const adminScreens: Audience = {
  key: 'admin',
  label: 'nav.admin',
  base: 'admin',
  screens: [
    { path: 'admin/users', page: lazy(() => import('./admin/users-page.tsx')), label: 'nav.users', icon: icon('users'), permission: 'users.manage' },
    { path: 'admin/teams', page: lazy(() => import('./admin/teams-page.tsx')), label: 'nav.teams', icon: icon('teams'), permission: 'settings.manage' },
    { path: 'admin/routing', page: lazy(() => import('./admin/routing-page.tsx')), label: 'routing.nav', icon: icon('routing'), permission: 'routing.manage' },
    { path: 'admin/skills', page: lazy(() => import('./admin/skills-page.tsx')), label: 'nav.skills', icon: icon('skills'), permission: 'users.manage' },
    { path: 'admin/ticket-types', page: lazy(() => import('./admin/ticket-types-page.tsx')), label: 'nav.ticketTypes', icon: icon('ticketTypes'), permission: 'settings.manage' },
    { path: 'admin/custom-fields', page: lazy(() => import('./admin/custom-fields-page.tsx')), label: 'nav.customFields', icon: icon('customFields'), permission: 'settings.manage' },
    { path: 'admin/automation', page: lazy(() => import('./admin/automation-page.tsx')), label: 'automation.nav', icon: icon('automation'), permission: 'settings.manage' },
    { path: 'admin/sla', page: lazy(() => import('./admin/sla-policies-page.tsx')), label: 'nav.slaPolicies', icon: icon('sla'), permission: 'settings.manage' },
    { path: 'admin/calendars', page: lazy(() => import('./admin/calendars-page.tsx')), label: 'nav.calendars', icon: icon('calendars'), permission: 'settings.manage' },
    { path: 'admin/email', page: lazy(() => import('./admin/email-page.tsx')), label: 'nav.email', icon: icon('email'), permission: 'settings.manage' },
    { path: 'admin/outbound', page: lazy(() => import('./admin/outbound-page.tsx')), label: 'channels.navOutbound', icon: icon('outbound'), permission: 'settings.manage' },
    { path: 'admin/messaging', page: lazy(() => import('./admin/messaging-page.tsx')), label: 'messaging.nav', icon: icon('messaging'), permission: 'settings.manage' },
    { path: 'admin/tokens', page: lazy(() => import('./admin/tokens-page.tsx')), label: 'nav.apiTokens', icon: icon('tokens'), permission: 'tokens.manage' },
    { path: 'admin/surveys', page: lazy(() => import('./admin/survey-settings-page.tsx')), label: 'surveys.navSettings', icon: icon('surveys'), permission: 'settings.manage' },
    { path: 'admin/workspace', page: lazy(() => import('./admin/workspace-page.tsx')), label: 'nav.workspace', icon: icon('workspace'), permission: 'settings.manage' },
    { path: 'admin/operations', page: lazy(() => import('./admin/operations-page.tsx')), label: 'nav.operations', icon: icon('operations'), permission: 'settings.manage' },
    // bot
    { path: 'admin/bot', page: lazy(() => import('./admin/bot-page.tsx')), label: 'bot.nav', icon: icon('bot'), permission: 'bot.manage' },
    { path: 'admin/audit', page: lazy(() => import('./admin/audit-page.tsx')), label: 'nav.audit', icon: icon('audit'), permission: 'audit.read' },
  ],
};
