import { Button, Flex, Layout, Segmented, Skeleton, theme } from 'antd';
import type { ReactNode } from 'react';
import { Link, Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { usePortalHome, usePortalSignOut } from '../../modules/portal/index.ts';
import { StatusMessage, useLocaleOptions, usePreferences, useT, useLocale, type UiLocale } from '../../shared/index.ts';
import { LinkLanding, SignInPanel } from './portal-sign-in.tsx';
import { MyTickets, NewTicket, TicketPage } from './portal-tickets.tsx';
import { WebFormPage } from './web-form.tsx';

export function usePortalWorkspace(): string {
  return useParams().workspace ?? '';
}

function LanguageSwitch({ light }: { light?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const { setLocale } = usePreferences();
  return (
    <Segmented size="small" translate="no" aria-label={t('portal.language')} value={locale} onChange={(value) => setLocale(value as UiLocale)} options={useLocaleOptions()} style={light ? undefined : { background: 'rgba(255,255,255,0.85)' }} />
  );
}

/** Pages only a signed-in customer sees; everyone else gets the sign-in panel in their place. */
function SignedIn({ children }: { children: ReactNode }) {
  const workspace = usePortalWorkspace();
  const home = usePortalHome(workspace);
  if (!home.data) return <Skeleton active />;
  return home.data.customer ? <>{children}</> : <SignInPanel />;
}

function PortalShell() {
  const t = useT();
  const workspace = usePortalWorkspace();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const home = usePortalHome(workspace);
  const signOut = usePortalSignOut(workspace);
  if (home.error) return <StatusMessage title={t('portal.notFound')} description={t('portal.notFoundText')} />;
  const customer = home.data?.customer;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <header style={{ background: token.colorPrimary, color: '#fff', padding: '16px' }}>
        <Flex justify="space-between" align="center" gap={12} wrap style={{ maxWidth: 880, margin: '0 auto' }}>
          <Link to={`/portal/${workspace}`} style={{ color: '#fff', fontSize: 18, fontWeight: 600 }}>
            <span translate="no">{home.data?.workspace.name ?? ''}</span> · {t('portal.title')}
          </Link>
          <Flex align="center" gap={8} wrap>
            <LanguageSwitch />
            {customer && (
              <Button size="small" onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate(`/portal/${workspace}`) })} loading={signOut.isPending}>
                {t('portal.signOut')}
              </Button>
            )}
          </Flex>
        </Flex>
        {customer && (
          <div style={{ maxWidth: 880, margin: '4px auto 0', opacity: 0.85, fontSize: 13 }} data-testid="portal-signed-in">
            {t('portal.signedInAs', { email: customer.email })}
          </div>
        )}
      </header>
      <main id="main" style={{ maxWidth: 880, width: '100%', margin: '16px auto', padding: '0 16px', boxSizing: 'border-box' }}>
        <Routes>
          <Route index element={<SignedIn><MyTickets /></SignedIn>} />
          <Route path="sign-in" element={<LinkLanding />} />
          <Route path="new" element={<SignedIn><NewTicket /></SignedIn>} />
          <Route path="tickets/:id" element={<SignedIn><TicketPage /></SignedIn>} />
          <Route path="form" element={<WebFormPage />} />
        </Routes>
      </main>
    </Layout>
  );
}

/** The web form inside another site's iframe: the form alone, which tells the page its height. */
function EmbeddedForm() {
  return (
    <div style={{ padding: 12 }}>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <LanguageSwitch light />
      </Flex>
      <WebFormPage embedded />
    </div>
  );
}

function PortalRoot() {
  const [params] = useSearchParams();
  const { '*': rest = '' } = useParams();
  if (rest === 'form' && params.get('embed') === '1') return <EmbeddedForm />;
  return <PortalShell />;
}

/** The customer portal: `/portal/<workspace>/…` (sign-in, my requests, a request, a new one) and the public web form. */
export default function CustomerPortal() {
  return (
    <Routes>
      <Route path=":workspace/*" element={<PortalRoot />} />
    </Routes>
  );
}
