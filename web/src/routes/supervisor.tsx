import { AccountBookOutlined, AuditOutlined, DashboardOutlined, FieldTimeOutlined, OrderedListOutlined, StarOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Audience } from './screen.ts';

export const supervisorScreens: Audience = {
  key: 'supervisor',
  screens: [
    { path: 'supervisor', page: lazy(() => import('./supervisor/supervisor-page.tsx')), label: 'nav.supervisor', icon: <DashboardOutlined aria-hidden />, permission: 'analytics.read' },
    { path: 'supervisor/queues', page: lazy(() => import('./supervisor/queues-page.tsx')), label: 'routing.queuesNav', icon: <OrderedListOutlined aria-hidden />, permission: 'routing.manage' },
    // kb
    { path: 'supervisor/kb-freshness', page: lazy(() => import('./supervisor/kb-freshness-page.tsx')), label: 'kb.nav.freshness', icon: <FieldTimeOutlined aria-hidden />, permission: 'kb.review' },
    // complaints
    { path: 'supervisor/approvals', page: lazy(() => import('./supervisor/approvals-page.tsx')), label: 'complaints.nav.approvals', icon: <AuditOutlined aria-hidden />, permission: 'analytics.read' },
    // surveys
    { path: 'supervisor/surveys', page: lazy(() => import('./supervisor/surveys-page.tsx')), label: 'surveys.nav', icon: <StarOutlined aria-hidden />, permission: 'analytics.read' },
    { path: 'supervisor/ledger', page: lazy(() => import('./supervisor/ledger-page.tsx')), label: 'complaints.nav.ledger', icon: <AccountBookOutlined aria-hidden />, permission: 'analytics.read' },
  ],
};
