import { Spin } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useSession } from '../modules/identity/index.ts';
import { AUDIENCES, canOpen, HOME_PATH, type Audience, type Screen } from '../routes/index.ts';
import { LoginPage } from '../routes/login-page.tsx';
import { HelpCenter } from '../routes/help.tsx';
import { CustomerPortal } from '../routes/portal.tsx';
import { SurveyPage } from '../routes/survey.tsx';
import { RealtimeProvider, StatusMessage, useT } from '../shared/index.ts';
import { AppLayout } from './app-layout.tsx';

function RequireSession({ children }: { children: ReactNode }) {
  const { session, isLoading } = useSession();
  const location = useLocation();
  if (isLoading) return <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />;
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <RealtimeProvider>{children}</RealtimeProvider>;
}

function Forbidden() {
  const t = useT();
  return <StatusMessage title={t('errors.forbiddenTitle')} description={t('errors.forbiddenPage')} />;
}

function ScreenPage({ screen }: { screen: Screen }) {
  const { can } = useSession();
  if (!canOpen(screen, can)) return <Forbidden />;
  const Page = screen.page;
  return <Page />;
}

/** An audience's bare path (`/admin`) opens its first screen the user may see. */
function FirstScreen({ audience }: { audience: Audience }) {
  const { can } = useSession();
  const first = audience.screens.find((screen) => screen.label && canOpen(screen, can));
  return first ? <Navigate to={`/${first.path}`} replace /> : <Forbidden />;
}

function NotFound() {
  const t = useT();
  return <StatusMessage title={t('errors.notFoundTitle')} description={t('errors.notFoundPage')} />;
}

/** The router, built from the screen registry (web/src/routes/): a screen added there is routed and in the menu. */
export function AppRoutes() {
  return (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/help/*" element={<HelpCenter />} />
        <Route path="/portal/*" element={<CustomerPortal />} />
        <Route path="/survey/:token" element={<SurveyPage />} />
        <Route
          element={
            <RequireSession>
              <AppLayout />
            </RequireSession>
          }
        >
          <Route index element={<Navigate to={HOME_PATH} replace />} />
          {AUDIENCES.flatMap((audience) => [
            ...(audience.base ? [<Route key={audience.base} path={audience.base} element={<FirstScreen audience={audience} />} />] : []),
            ...audience.screens.map((screen) => <Route key={screen.path} path={screen.path} element={<ScreenPage screen={screen} />} />),
          ])}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
