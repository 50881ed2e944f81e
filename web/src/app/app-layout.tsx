import {
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  ClockCircleOutlined,
  DashboardOutlined,
  FormOutlined,
  InboxOutlined,
  LogoutOutlined,
  MoonOutlined,
  ProfileOutlined,
  QuestionCircleOutlined,
    StarOutlined,
  SunOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Flex, Input, Layout, Popover, Segmented, Spin, theme, Tooltip } from 'antd';
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { Outlet, useNavigate } from 'react-router-dom';
import { useT, type MessageKey } from '../i18n/index.tsx';

import { usePreferences } from './preferences.tsx';
import { RealtimeStatus, useRealtime } from './realtime.tsx';
import { useRequiredSession, useSession } from './session.tsx';
import { useShortcuts } from './shortcuts.tsx';
import { SideNav, type SideNavGroup } from './side-nav.tsx';
import type { Permission } from '../shared/contracts.ts';

const ShortcutHelp = lazy(() => import('./shortcut-help.tsx'));

interface NavItem {
  key: string;
  label: MessageKey;
  icon: React.ReactNode;
  permission?: Permission;
}

const ADMIN_ITEMS: NavItem[] = [
  { key: '/admin/users', label: 'nav.users', icon: <UserOutlined aria-hidden />, permission: 'users.manage' },
  { key: '/admin/teams', label: 'nav.teams', icon: <TeamOutlined aria-hidden />, permission: 'settings.manage' },
  { key: '/admin/skills', label: 'nav.skills', icon: <StarOutlined aria-hidden />, permission: 'users.manage' },
  { key: '/admin/ticket-types', label: 'nav.ticketTypes', icon: <TagsOutlined aria-hidden />, permission: 'settings.manage' },
  { key: '/admin/custom-fields', label: 'nav.customFields', icon: <FormOutlined aria-hidden />, permission: 'settings.manage' },
  { key: '/admin/sla', label: 'nav.slaPolicies', icon: <ClockCircleOutlined aria-hidden />, permission: 'settings.manage' },
  { key: '/admin/calendars', label: 'nav.calendars', icon: <CalendarOutlined aria-hidden />, permission: 'settings.manage' },
  { key: '/admin/tokens', label: 'nav.apiTokens', icon: <ApiOutlined aria-hidden />, permission: 'tokens.manage' },
  { key: '/admin/workspace', label: 'nav.workspace', icon: <BankOutlined aria-hidden />, permission: 'settings.manage' },
  { key: '/admin/audit', label: 'nav.audit', icon: <AuditOutlined aria-hidden />, permission: 'audit.read' },
];

export function AppLayout() {
  const t = useT();
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

  const navGroups = useMemo<SideNavGroup[]>(() => {
    const work = [{ to: '/inbox', icon: <InboxOutlined aria-hidden />, label: t('nav.inbox') }];
    if (can('analytics.read')) work.push({ to: '/supervisor', icon: <DashboardOutlined aria-hidden />, label: t('nav.supervisor') });
    const admin = ADMIN_ITEMS.filter((item) => !item.permission || can(item.permission)).map((item) => ({ to: item.key, icon: item.icon, label: t(item.label) }));
    return admin.length > 0 ? [{ items: work }, { label: t('nav.admin'), items: admin }] : [{ items: work }];
  }, [t, can]);

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
          <RealtimeStatus state={realtime} />
          <Segmented
            aria-label={t('settings.language')}
            size="small"
            value={locale}
            options={[
              { value: 'zh-CN', label: t('name.languageZh') },
              { value: 'en', label: t('name.languageEn') },
            ]}
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
