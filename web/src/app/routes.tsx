import { Spin } from 'antd';
import { StatusMessage } from '../components/status-message.tsx';
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useT } from '../i18n/index.tsx';

import { AppLayout } from './app-layout.tsx';
import { RealtimeProvider } from './realtime.tsx';
import { useSession } from './session.tsx';
import { LoginPage } from '../routes/login-page.tsx';
import { InboxPage } from '../routes/agent/inbox-page.tsx';
import type { Permission } from '../shared/contracts.ts';

// The inbox is the landing page and ships in the first bundle; everything else loads on first visit.
const TicketPage = lazy(() => import('../routes/agent/ticket-page.tsx'));
const ProfilePage = lazy(() => import('../routes/profile-page.tsx'));
const SupervisorPage = lazy(() => import('../routes/supervisor/supervisor-page.tsx'));
const UsersPage = lazy(() => import('../routes/admin/users-page.tsx'));
const TeamsPage = lazy(() => import('../routes/admin/teams-page.tsx'));
const SkillsPage = lazy(() => import('../routes/admin/skills-page.tsx'));
const TokensPage = lazy(() => import('../routes/admin/tokens-page.tsx'));
const WorkspacePage = lazy(() => import('../routes/admin/workspace-page.tsx'));
const AuditPage = lazy(() => import('../routes/admin/audit-page.tsx'));
const TicketTypesPage = lazy(() => import('../routes/admin/ticket-types-page.tsx'));
const CustomFieldsPage = lazy(() => import('../routes/admin/custom-fields-page.tsx'));
const SlaPoliciesPage = lazy(() => import('../routes/admin/sla-policies-page.tsx'));
const CalendarsPage = lazy(() => import('../routes/admin/calendars-page.tsx'));

function RequireSession({ children }: { children: ReactNode }) {
  const { session, isLoading } = useSession();
  const location = useLocation();
  if (isLoading) return <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />;
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <RealtimeProvider>{children}</RealtimeProvider>;
}

function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSession();
  const t = useT();
  if (!can(permission)) return <StatusMessage title={t('errors.forbiddenTitle')} description={t('errors.forbiddenPage')} />;
  return <>{children}</>;
}

function NotFound() {
  const t = useT();
  return <StatusMessage title={t('errors.notFoundTitle')} description={t('errors.notFoundPage')} />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireSession>
              <AppLayout />
            </RequireSession>
          }
        >
          <Route index element={<Navigate to="/inbox" replace />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route path="tickets/:id" element={<TicketPage />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="supervisor" element={<RequirePermission permission="analytics.read"><SupervisorPage /></RequirePermission>} />
          <Route path="admin">
            <Route index element={<Navigate to="/admin/users" replace />} />
            <Route path="users" element={<RequirePermission permission="users.manage"><UsersPage /></RequirePermission>} />
            <Route path="teams" element={<RequirePermission permission="settings.manage"><TeamsPage /></RequirePermission>} />
            <Route path="skills" element={<RequirePermission permission="users.manage"><SkillsPage /></RequirePermission>} />
            <Route path="ticket-types" element={<RequirePermission permission="settings.manage"><TicketTypesPage /></RequirePermission>} />
            <Route path="custom-fields" element={<RequirePermission permission="settings.manage"><CustomFieldsPage /></RequirePermission>} />
            <Route path="sla" element={<RequirePermission permission="settings.manage"><SlaPoliciesPage /></RequirePermission>} />
            <Route path="calendars" element={<RequirePermission permission="settings.manage"><CalendarsPage /></RequirePermission>} />
            <Route path="tokens" element={<RequirePermission permission="tokens.manage"><TokensPage /></RequirePermission>} />
            <Route path="workspace" element={<RequirePermission permission="settings.manage"><WorkspacePage /></RequirePermission>} />
            <Route path="audit" element={<RequirePermission permission="audit.read"><AuditPage /></RequirePermission>} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
