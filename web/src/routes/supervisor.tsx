import { lazyIconSet } from './lazy-icon.tsx';
import { lazy } from 'react';
import type { Audience } from './screen.ts';

const icon = lazyIconSet(() => import('./supervisor-icons.tsx'));

export const supervisorScreens: Audience = {
  key: 'supervisor',
  screens: [
    { path: 'supervisor', page: lazy(() => import('./supervisor/supervisor-page.tsx')), label: 'nav.supervisor', icon: icon('dashboard'), permission: 'analytics.read' },
    { path: 'supervisor/queues', page: lazy(() => import('./supervisor/queues-page.tsx')), label: 'routing.queuesNav', icon: icon('queues'), permission: 'routing.manage' },
    // kb
    { path: 'supervisor/kb-freshness', page: lazy(() => import('./supervisor/kb-freshness-page.tsx')), label: 'kb.nav.freshness', icon: icon('kbFreshness'), permission: 'kb.review' },
    // complaints
    { path: 'supervisor/approvals', page: lazy(() => import('./supervisor/approvals-page.tsx')), label: 'complaints.nav.approvals', icon: icon('approvals'), permission: 'analytics.read' },
    // surveys
    { path: 'supervisor/surveys', page: lazy(() => import('./supervisor/surveys-page.tsx')), label: 'surveys.nav', icon: icon('surveys'), permission: 'analytics.read' },
    { path: 'supervisor/ledger', page: lazy(() => import('./supervisor/ledger-page.tsx')), label: 'complaints.nav.ledger', icon: icon('ledger'), permission: 'analytics.read' },
  ],
};
