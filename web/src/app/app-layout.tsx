import { LogoutOutlined, MoonOutlined, ProfileOutlined, QuestionCircleOutlined, SunOutlined } from '@ant-design/icons';
import { Avatar, Button, Flex, Input, Layout, Popover, Segmented, Spin, theme, Tooltip } from 'antd';
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { Outlet, useNavigate } from 'react-router-dom';
import { useRequiredSession, useSession } from '../modules/identity/index.ts';
import { NotificationBell } from '../modules/notifications/index.ts';
import { PresenceSwitch } from '../modules/routing/index.ts';
import { AUDIENCES, menuOf } from '../routes/index.ts';
import { RealtimeStatus, useLocaleOptions, usePreferences, useRealtime, useShortcuts, useT } from '../shared/index.ts';
import { SideNav, type SideNavGroup } from './side-nav.tsx';

const ShortcutHelp = lazy(() => import('./shortcut-help.tsx'));

export function AppLayout() {
  const t = useT();
  const localeOptions = useLocaleOptions();
  const session = useRequiredSession();
  const { can, signOut, changeLocale, changeTheme } = useSession();
  const { locale, theme: mode } = usePreferences();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 1200);
  const [helpOpen, setHelpOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const realtime = useRealtime();

  useShortcuts({
    '/': () => searchRef.current?.focus(),
    '?': () => setHelpOpen(true),
  });

  // The menu is the screen registry (web/src/routes/) filtered by what this user may open.
  const navGroups = useMemo<SideNavGroup[]>(
    () =>
      menuOf(AUDIENCES, can).map(({ audience, screens }) => ({
        label: audience.label && t(audience.label),
        items: screens.map((screen) => ({ to: `/${screen.path}`, icon: screen.icon, label: t(screen.label!) })),
      })),
    [t, can],
  );

  const [userMenuOpen, setUserMenuOpen] = useState(false);
  const menuAction = (action: () => void) => () => {
    setUserMenuOpen(false);
    action();
  };
  const userMenu = (
    <Flex vertical style={{ minWidth: 200 }} role="menu" aria-label={t('nav.userMenu')}>
      <Button type="text" role="menuitem" icon={<ProfileOutlined aria-hidden />} style={{ justifyContent: 'flex-start' }} onClick={menuAction(() => navigate('/profile'))}>
        {t('nav.profile')}
      </Button>
      <Button type="text" role="menuitem" icon={<QuestionCircleOutlined aria-hidden />} style={{ justifyContent: 'flex-start' }} onClick={menuAction(() => setHelpOpen(true))}>
        {t('shortcuts.title')}
      </Button>
      <div style={{ height: 1, background: token.colorSplit, margin: '4px 0' }} />
      <Button type="text" role="menuitem" icon={<LogoutOutlined aria-hidden />} style={{ justifyContent: 'flex-start' }} onClick={menuAction(() => void signOut().then(() => navigate('/login')))}>
        {t('auth.signOut')}
      </Button>
      <Button
        type="text"
        danger
        role="menuitem"
        icon={<LogoutOutlined aria-hidden />}
        style={{ justifyContent: 'flex-start' }}
        onClick={menuAction(() => void signOut({ everywhere: true }).then(() => navigate('/login')))}
      >
        {t('auth.signOutEverywhere')}
      </Button>
    </Flex>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={216}
        theme="light"
        style={{ background: token.colorBgContainer, borderRight: `1px solid ${token.colorBorderSecondary}`, position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <div style={{ height: 56, display: 'flex', alignItems: 'center', gap: 10, padding: collapsed ? '0 24px' : '0 20px', overflow: 'hidden' }}>
          <img src="/favicon.svg" alt="" width={28} height={28} />
          {!collapsed && (
            <span style={{ fontSize: 17, fontWeight: 600, whiteSpace: 'nowrap', color: token.colorTextHeading }}>{t('name.product')}</span>
          )}
        </div>
        <SideNav groups={navGroups} collapsed={collapsed} label={t('nav.main')} />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
            padding: '0 20px',
            height: 56,
            lineHeight: '56px',
            display: 'flex',
            alignItems: 'center',
            gap: 16,
          }}
        >
          <Input.Search
            ref={(input) => {
              searchRef.current = input?.input ?? null;
            }}
            aria-label={t('search.label')}
            placeholder={t('search.placeholder')}
            allowClear
            style={{ maxWidth: 420 }}
            onSearch={(value) => navigate(`/inbox?view=all&q=${encodeURIComponent(value.trim())}`)}
          />
          <div style={{ flex: 1 }} />
          {(session.user.role === 'agent' || session.user.role === 'supervisor') && <PresenceSwitch />}
          <RealtimeStatus state={realtime} />
          <NotificationBell />
          <Segmented
            aria-label={t('settings.language')}
            size="small"
            value={locale}
            options={localeOptions}
            onChange={(value) => void changeLocale(value as 'en' | 'zh-CN')}
          />
          <Tooltip title={mode === 'dark' ? t('settings.themeLight') : t('settings.themeDark')}>
            <Button
              type="text"
              aria-label={mode === 'dark' ? t('settings.themeLight') : t('settings.themeDark')}
              icon={mode === 'dark' ? <SunOutlined aria-hidden /> : <MoonOutlined aria-hidden />}
              onClick={() => void changeTheme(mode === 'dark' ? 'light' : 'dark')}
            />
          </Tooltip>
          <Popover content={userMenu} trigger="click" placement="bottomRight" open={userMenuOpen} onOpenChange={setUserMenuOpen} arrow={false}>
            <Button type="text" aria-label={t('nav.userMenu')} aria-haspopup="menu" style={{ height: 40 }}>
              <Flex align="center" gap={8}>
                <Avatar size="small" style={{ background: token.colorPrimary }}>
                  {session.user.name.slice(0, 1).toUpperCase()}
                </Avatar>
                <span>{session.user.name}</span>
              </Flex>
            </Button>
          </Popover>
        </Layout.Header>
        <Layout.Content id="main" role="main" style={{ padding: 20, minWidth: 0 }}>
          <Suspense fallback={<Spin style={{ display: 'block', marginTop: 80 }} />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {helpOpen && (
        <Suspense fallback={null}>
          <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
        </Suspense>
      )}
    </Layout>
  );
}
